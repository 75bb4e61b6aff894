/**
 * A strict well-formedness check for the XML subset the JUnit format writes (declaration,
 * elements, double-quoted attributes, text, the five predefined entities). Returns the
 * problems (empty when well-formed) and the element names in document order.
 */
const NAME = '[A-Za-z_][\\w.-]*';
const ATTRIBUTE = new RegExp(`^\\s+(${NAME})="([^"<]*)"`);
const ENTITY = /&(?!(amp|lt|gt|quot|apos);)/;

export function checkXml(xml: string): {
  problems: string[];
  elements: string[];
} {
  const problems: string[] = [];
  const elements: string[] = [];
  const open: string[] = [];
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (rest === xml) problems.push('missing XML declaration');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0B\x0C\x0E-\x1F]/.test(xml))
    problems.push('control characters XML 1.0 cannot carry');
  let roots = 0;

  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (ENTITY.test(text))
      problems.push(`unescaped & in text: ${text.slice(0, 40)}`);
    if (open.length === 0 && text.trim() !== '')
      problems.push(`text outside the root element: ${text.slice(0, 40)}`);
    if (lt < 0) break;
    rest = rest.slice(lt);
    const close = new RegExp(`^</(${NAME})>`).exec(rest);
    if (close) {
      const expected = open.pop();
      if (expected !== close[1])
        problems.push(`</${close[1]}> closes <${expected}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const start = new RegExp(`^<(${NAME})`).exec(rest);
    if (!start) {
      problems.push(`bad markup at: ${rest.slice(0, 40)}`);
      break;
    }
    if (open.length === 0) roots++;
    elements.push(start[1]);
    rest = rest.slice(start[0].length);
    const seen = new Set<string>();
    for (
      let attribute = ATTRIBUTE.exec(rest);
      attribute;
      attribute = ATTRIBUTE.exec(rest)
    ) {
      if (seen.has(attribute[1]))
        problems.push(`duplicate attribute ${attribute[1]} on <${start[1]}>`);
      if (ENTITY.test(attribute[2]))
        problems.push(`unescaped & in attribute ${attribute[1]}`);
      seen.add(attribute[1]);
      rest = rest.slice(attribute[0].length);
    }
    const end = /^\s*(\/?)>/.exec(rest);
    if (!end) {
      problems.push(`unterminated <${start[1]}> at: ${rest.slice(0, 40)}`);
      break;
    }
    if (end[1] !== '/') open.push(start[1]);
    rest = rest.slice(end[0].length);
  }
  if (open.length > 0) problems.push(`unclosed elements: ${open.join(', ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return { problems, elements };
}
