/**
 * The values a numeric check parameter accepts. Declared beside each check's parameters, enforced
 * when configuration is read, and shown in the catalog (docs/checks.md, the checks page).
 * @public
 */
export interface HaParameterRange {
  /** Smallest accepted value (inclusive). */
  minimum?: number;
  /** Largest accepted value (inclusive). */
  maximum?: number;
  /** Only whole numbers (counts: replicas, nodes, zones, restarts). */
  integer?: boolean;
}

/** `whole number ≥ 1`, `0 to 1`, `≥ 0`; empty when nothing is declared. @public */
export function describeParameterRange(range: HaParameterRange): string {
  const { minimum, maximum, integer } = range;
  const kind = integer ? 'whole number ' : '';
  if (minimum !== undefined && maximum !== undefined)
    return `${kind}${minimum} to ${maximum}`.trim();
  if (minimum !== undefined) return `${kind}≥ ${minimum}`;
  if (maximum !== undefined) return `${kind}≤ ${maximum}`;
  return integer ? 'whole number' : '';
}

/** Why `value` is outside `range`, or undefined when it is inside. @public */
export function parameterRangeProblem(
  value: number,
  range: HaParameterRange,
): string | undefined {
  if (range.integer && !Number.isInteger(value))
    return `expected a whole number, got ${value}`;
  if (range.minimum !== undefined && value < range.minimum)
    return `expected a number of at least ${range.minimum}, got ${value}`;
  if (range.maximum !== undefined && value > range.maximum)
    return `expected a number of at most ${range.maximum}, got ${value}`;
  return undefined;
}

/**
 * What a check parameter accepts, for catalogs: `list of strings`, `true or false`, `string`, or
 * for a number its range (`whole number ≥ 1`, `0 to 1`), else `number`.
 * @public
 */
export function describeParameterAccepts(
  parameter: { default: unknown } & HaParameterRange,
): string {
  const value = parameter.default;
  if (Array.isArray(value)) return 'list of strings';
  if (typeof value === 'boolean') return 'true or false';
  if (typeof value === 'string') return 'string';
  return describeParameterRange(parameter) || 'number';
}
