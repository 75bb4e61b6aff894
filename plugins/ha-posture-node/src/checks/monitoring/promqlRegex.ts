/** PromQL regex matchers (`=~`, `!~`) read as JavaScript regexes. */

/** A value no label has: a regex that matches it (`.*`, `.+`) matches anything and selects nothing in particular. */
const ANY_VALUE = 'zz-no-such-value-0';

/** The matcher's regex, fully anchored as PromQL anchors it; undefined when JavaScript cannot read it. */
export function promqlRegex(value: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${value})$`);
  } catch {
    return undefined;
  }
}

/** Whether the regex matches just anything. */
export function matchesAnything(regex: RegExp): boolean {
  return regex.test(ANY_VALUE);
}
