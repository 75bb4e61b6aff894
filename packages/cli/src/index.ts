/**
 * The `ha-posture` command: run the HA Posture engine on manifests, cluster dumps or live
 * clusters (through a kubeconfig), in CI.
 *
 * @packageDocumentation
 */
import chalk from 'chalk';
import {
  Command,
  CommanderError,
  InvalidArgumentError,
  Option,
} from 'commander';
import { CHECKS_FORMATS, ChecksFormat, checksCommand } from './commands/checks';
import { CliIo, SCAN_FORMATS, ScanOptions, scanCommand } from './commands/scan';
import { EXIT_CODES, UsageError } from './exitCodes';
import { DEFAULT_FAIL_ON, FAIL_ON_LEVELS } from './failOn';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './input/liveClusters';
import { TOOL_VERSION } from './toolVersion';

export { runScan, renderScan } from './commands/scan';
export type { CliIo, ScanOptions, ScanFormat } from './commands/scan';
export { EXIT_CODES, UsageError } from './exitCodes';
export type { ScanResult } from './scanResult';
export type {
  BaselineComparison,
  BaselineCounts,
  BaselineState,
} from './baseline';
export type { CliReport } from './format/json';

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The real process: stdout/stderr, stdin, and colour when stdout is a colour terminal (or FORCE_COLOR is set) and NO_COLOR is not. @public */
export function processIo(): CliIo {
  return {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    readStdin: () => readAll(process.stdin),
    // supports-color (through chalk) says no for a pipe or a file, unless FORCE_COLOR is set.
    color: !process.env.NO_COLOR && chalk.supportsColor !== false,
  };
}

/** Commander parser of a positive whole number option (`--request-timeout`, `--concurrency`). */
const positiveInteger =
  (max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError('expected a whole number of at least 1');
    if (n > max) throw new InvalidArgumentError(`expected at most ${max}`);
    return n;
  };

/** `--context` may be repeated: the values in order. */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  value,
];

const SCAN_HELP = `
Live clusters:
  --kubeconfig reads the cluster of the current context of FILE, or of the
  default kubeconfig ($KUBECONFIG, else ~/.kube/config) when FILE is left out.
  --context NAME reads that context's cluster instead; repeat it for several
  clusters, each named after its context (--cluster renames a single one).
  Live clusters and PATHs can be combined: put PATHs before a bare --kubeconfig
  (or write --kubeconfig=FILE). Reading is read-only and skips Secrets; the
  RBAC it needs: examples/rbac/ha-posture-reader.yaml. A cluster whose API
  cannot be read at all exits 2; a kind that is forbidden or not installed
  makes the checks that need it unknown. Progress and warnings go to stderr.

Examples:
  $ ha-posture scan examples/clusters/prod-eu
  $ ha-posture scan k8s/ --format sarif > ha.sarif
  $ ha-posture scan --kubeconfig
  $ ha-posture scan --context prod-eu --context prod-us --format json
  $ ha-posture scan manifests/ --kubeconfig ~/.kube/ci.yaml --context staging
`;

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('ha-posture')
    .description(
      'How highly available are these Kubernetes workloads and clusters, really?',
    )
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError();

  program
    .command('scan')
    .description(
      'Evaluate manifests or cluster dumps (files, folders, or - for stdin) and live clusters (--kubeconfig, --context). Each PATH is one cluster named after it; a folder with a clusters.yaml is one cluster per listed sub-folder; each live cluster is named after its context.',
    )
    .argument(
      '[paths...]',
      'YAML/JSON files or folders (recursive), or - to read stdin (optional with --kubeconfig/--context)',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(SCAN_FORMATS)
        .default('table'),
    )
    .option(
      '-c, --config <file>',
      'haPosture config (checks, exemptions, clusterInfo), bare or under haPosture:',
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a non-exempt fail has at least this severity',
      )
        .choices(FAIL_ON_LEVELS)
        .default(DEFAULT_FAIL_ON),
    )
    .option(
      '--baseline <file>',
      'an earlier report (--format json): only findings it lacks, or warns that became fails, fail the scan',
    )
    .option(
      '--cluster <name>',
      'scan every PATH (or the one live --context) as one cluster with this name',
    )
    .option(
      '--kubeconfig [file]',
      'read a live cluster: the current context of FILE, else of $KUBECONFIG / ~/.kube/config',
    )
    .option(
      '--context <name>',
      'read the live cluster of this kubeconfig context (repeatable: one cluster per context)',
      collect,
    )
    .option(
      '--request-timeout <ms>',
      `live clusters: timeout of each API request (default: ${DEFAULT_REQUEST_TIMEOUT_MS})`,
      positiveInteger(3_600_000),
    )
    .option(
      '--concurrency <n>',
      `live clusters: resource kinds read at the same time per cluster (default: ${DEFAULT_CONCURRENCY})`,
      positiveInteger(64),
    )
    .option(
      '--now <iso>',
      "the clusters' clock and today's date for exemptions (default: capture time, else inferred)",
    )
    .option('--only-failures', 'table: show only failures and warnings')
    .addHelpText('after', SCAN_HELP)
    .action(async (paths: string[], options: ScanOptions) => {
      setExitCode(await scanCommand(paths, options, io));
    });

  program
    .command('checks')
    .description('List the built-in checks (markdown = docs/checks.md)')
    // Commander ignores surplus arguments by default: `checks replicas-min-floor` would look
    // like a filter that silently does nothing.
    .allowExcessArguments(false)
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(CHECKS_FORMATS)
        .default('table'),
    )
    .action((options: { format: ChecksFormat }) => {
      setExitCode(checksCommand(options, io));
    });
  return program;
}

/**
 * Runs the command line (without the node and script arguments) and returns the exit code:
 * 0 clean, 1 findings at or above --fail-on, 2 usage or input error (one line on stderr).
 * @public
 */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
): Promise<number> {
  let exitCode: number = EXIT_CODES.clean;
  try {
    await buildProgram(io, code => (exitCode = code)).parseAsync(argv, {
      from: 'user',
    });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; commander has already printed its message.
      return error.exitCode === 0 ? EXIT_CODES.clean : EXIT_CODES.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`ha-posture: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    // A bug, not bad input: still one line, the stack only when asked for.
    io.stderr(
      `ha-posture: internal error: ${
        (error as Error)?.message ?? String(error)
      }\n`,
    );
    if (process.env.HA_POSTURE_DEBUG) io.stderr(`${(error as Error)?.stack}\n`);
    return EXIT_CODES.usage;
  }
}
