/**
 * The markdown report as a reader sees it: rendered by a GitHub-flavoured markdown parser
 * (marked, GFM tables), each finding's cell must show its message and remediation exactly, and
 * nothing from a result may add a table cell, markup or HTML of its own.
 */
import path from 'node:path';
import { marked, Tokens } from 'marked';
import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import { fakeScan, RESULTS } from '../__testUtils__/fakeScan';
import { runScan } from '../commands/scan';
import { readClustersManifest } from '../input/clustersManifest';
import { ScanResult } from '../scanResult';
import { formatMarkdown } from './markdown';

const EXAMPLES = path.resolve(__dirname, '../../../../examples/clusters');
const FINDINGS_HEADER = 'Finding and remediation';

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};

/**
 * The text a reader sees in a rendered cell: `<br>` is a line break, an autolink shows its URL,
 * and any other tag is markup the input must not have produced.
 */
function cellText(cell: Tokens.TableCell): string {
  const html = marked.parseInline(cell.text, { gfm: true }) as string;
  const withoutLinks = html.replace(
    /<a href="([^"]*)">([^<]*)<\/a>/g,
    (_, href: string, text: string) => {
      expect(href).toBe(text.replace(/&amp;/g, '&'));
      return text;
    },
  );
  const tags = withoutLinks.match(/<[^>]+>/g) ?? [];
  expect(tags.filter(tag => tag !== '<br>')).toEqual([]);
  return withoutLinks
    .replace(/<br>/g, '\n')
    .replace(/&(lt|gt|quot|#39|amp);/g, entity => ENTITIES[entity]);
}

/** The rendered text of the finding cell of each row of the findings table. */
function findingCells(markdown: string): string[] {
  const tables = marked
    .lexer(markdown, { gfm: true })
    .filter((t): t is Tokens.Table => t.type === 'table')
    .filter(t => t.header.some(h => h.text === FINDINGS_HEADER));
  expect(tables).toHaveLength(1);
  const column = tables[0].header.findIndex(h => h.text === FINDINGS_HEADER);
  return tables[0].rows.map(row => cellText(row[column]));
}

/** What a finding's cell must read: the message, then the remediation on a line of its own. */
const findingText = (r: HaResult) =>
  r.remediation ? `${r.message}\n→ ${r.remediation}` : r.message;

/** Cells per row as written, counting the `|` that are not escaped. */
const writtenCells = (line: string) =>
  line.replace(/\\\\/g, '').split(/(?<!\\)\|/).length - 2;

function checkTableLines(markdown: string) {
  const lines = markdown.split('\n');
  const header = lines.findIndex(l => l.includes(`| ${FINDINGS_HEADER} |`));
  const width = writtenCells(lines[header]);
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    expect(writtenCells(line)).toBe(width);
  }
}

describe('the markdown report, rendered', () => {
  it('shows text that looks like markdown or HTML as written, in one cell', () => {
    const hostile: HaResult = {
      ...RESULTS[0],
      message:
        'a|b *c* _d_ [x](http://e.test) <img src=x> `f` #1 ~g~ \\ &amp; **bold** ![i](j) <!-- c -->\nsecond | line',
      remediation:
        'Set `spec.replicas: 3` | and <b>then</b> run kubectl get pods -o wide',
    };
    const markdown = formatMarkdown(fakeScan('high', [hostile]));
    checkTableLines(markdown);
    expect(findingCells(markdown)).toEqual([findingText(hostile)]);
  });

  const clusters = readClustersManifest(EXAMPLES, 'examples/clusters') ?? [];
  it.each(clusters.map(c => [c.name, c.capturedAt] as const))(
    'shows every finding of examples/clusters/%s as the JSON report has it',
    async (name, capturedAt) => {
      const scan: ScanResult = await runScan(
        [path.join(EXAMPLES, name)],
        {
          format: 'markdown',
          failOn: 'high',
          ...(capturedAt ? { now: capturedAt } : {}),
        },
        async () => Buffer.alloc(0),
      );
      const markdown = formatMarkdown(scan);
      checkTableLines(markdown);
      const expected = new Set(
        scan.evaluation.overall.results
          .filter(r => r.status === 'fail' || r.status === 'warn')
          .map(findingText),
      );
      const cells = findingCells(markdown);
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) expect(expected).toContain(cell);
      // <details> blocks open and close in pairs.
      const opened = (markdown.match(/<details>/g) ?? []).length;
      expect((markdown.match(/<\/details>/g) ?? []).length).toBe(opened);
    },
  );
});
