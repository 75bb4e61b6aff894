/**
 * Flags of a Go program's command line (a container's command and args), read as spf13/pflag
 * (which Velero's cobra commands and cluster-autoscaler use) parses them: `--name` or
 * `--name=value`; a flag that takes a value may also take it from the next argument
 * (`--name value`), a boolean flag never does; the argument `--` ends the flags. Shared by checks
 * and the collector, hence in model.
 */

/**
 * A container's command line as it runs: `args` follow `command`. Numbers and booleans (a YAML
 * manifest's `8080`) are taken as their text; anything else is dropped.
 */
export function containerArgv(container: any): string[] {
  const parts = (list: unknown): string[] =>
    Array.isArray(list)
      ? list
          .filter(a => ['string', 'number', 'boolean'].includes(typeof a))
          .map(String)
      : [];
  return [...parts(container?.command), ...parts(container?.args)];
}

/** Go's strconv.ParseBool: its accepted spellings, else undefined (pflag then rejects the flag). */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** One occurrence of a flag on the command line. */
interface FlagOccurrence {
  name: string;
  /** The value after `=` (or, for a flag taking a value, the next argument); undefined when none. */
  value?: string;
}

/** Each occurrence of the named flags, in order. */
function occurrences(
  argv: readonly string[],
  names: readonly string[],
  takesValue: boolean,
): FlagOccurrence[] {
  const found: FlagOccurrence[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    if (!names.includes(name)) continue;
    if (equals >= 0) found.push({ name, value: arg.slice(equals + 1) });
    else if (takesValue && i + 1 < argv.length)
      found.push({ name, value: argv[++i] });
    else found.push({ name });
  }
  return found;
}

/** A boolean flag as the program sees it: its value (undefined when Go cannot parse it) and how it is written. */
export interface BoolFlag {
  value: boolean | undefined;
  /** `--default-volumes-to-fs-backup`, `--restore-only=false`. */
  text: string;
}

/**
 * The last occurrence of a boolean flag under any of its names (the last one wins), or undefined
 * when it is not given. `--name false` sets it to true: a boolean flag takes no value from the next
 * argument, which becomes a positional argument.
 */
export function boolFlag(
  argv: readonly string[],
  names: readonly string[],
): BoolFlag | undefined {
  const last = occurrences(argv, names, false).pop();
  if (!last) return undefined;
  return last.value === undefined
    ? { value: true, text: `--${last.name}` }
    : {
        value: parseGoBool(last.value),
        text: `--${last.name}=${last.value}`,
      };
}

/** The values of each occurrence of a flag taking a value, in order. */
export function flagValues(argv: readonly string[], name: string): string[] {
  return occurrences(argv, [name], true)
    .map(o => o.value)
    .filter((v): v is string => v !== undefined);
}
