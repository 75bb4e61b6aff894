/**
 * The `ha-posture` command: run the HA Posture engine on manifests or cluster dumps, in CI.
 *
 * @packageDocumentation
 */
import chalk from 'chalk';
import { Command, CommanderError, Option } from 'commander';
import { CHECKS_FORMATS, ChecksFormat, checksCommand } from './commands/checks';
import { CliIo, SCAN_FORMATS, ScanOptions, scanCommand } from './commands/scan';
import { EXIT_CODES, UsageError } from './exitCodes';
import { DEFAULT_FAIL_ON, FAIL_ON_LEVELS } from './failOn';
import { TOOL_VERSION } from './toolVersion';

export { runScan, renderScan } from './commands/scan';
export type { CliIo, ScanOptions, ScanFormat } from './commands/scan';
export { EXIT_CODES, UsageError } from './exitCodes';
export type { ScanResult } from './scanResult';
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
      'Evaluate manifests or cluster dumps (files, folders, or - for stdin). Each PATH is one cluster named after it; a folder with a clusters.yaml is one cluster per listed sub-folder.',
    )
    .argument(
      '[paths...]',
      'YAML/JSON files or folders (recursive), or - to read stdin',
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
    .option('--cluster <name>', 'scan every PATH as one cluster with this name')
    .option(
      '--now <iso>',
      "the clusters' clock and today's date for exemptions (default: capture time, else inferred)",
    )
    .option('--only-failures', 'table: show only failures and warnings')
    .action(async (paths: string[], options: ScanOptions) => {
      setExitCode(await scanCommand(paths, options, io));
    });

  program
    .command('checks')
    .description('List the built-in checks (markdown = docs/checks.md)')
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
