import yargs, { type Argv } from 'yargs';
import { describeError, EXIT } from './errors.js';
import { processIO, type CliIO, type CommandResult } from './io.js';
import { commandName, COMMANDS } from './commands.js';

/**
 * Parses argv and runs one command, returning everything it would print. Nothing is written while a
 * command runs, so a failure half-way leaves no partial output; tests call this in-process.
 */
export async function runCli(argv: string[], io: CliIO): Promise<Required<CommandResult>> {
  const debug = argv.includes('--debug');
  // Help and version cost yargs ~50 ms on every run (it lays the help out up front); only set them
  // up when the output can be help or the version.
  const mayPrintHelp = argv.length === 0 || argv.some((a) => a === '--help' || a === '-h' || a === '--version' || a === 'help');
  let result: CommandResult | undefined;
  let usageFailure: string | undefined;
  let parser: Argv = yargs(argv)
    .scriptName('sdmatch')
    .usage('$0 <command> [options]\n\nExplain and fix PyTorch load_state_dict failures.')
    .option('debug', { type: 'boolean', describe: 'print stack traces for errors' })
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .help(false)
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageFailure = msg;
    });
  // Only the command being run is loaded; the others are listed by name and description.
  const invoked = argv.find((a) => !a.startsWith('-'));
  for (const entry of COMMANDS) {
    if (commandName(entry) !== invoked) {
      parser = parser.command(entry.command, entry.describe);
      continue;
    }
    const cmd = await entry.load();
    parser = parser.command(entry.command, entry.describe, cmd.builder, async (args) => {
      // yargs still calls the handler after a usage failure; the failure must win
      if (usageFailure !== undefined) return;
      result = await cmd.run(args as never, io);
    });
  }
  if (mayPrintHelp) parser = parser.help().alias('h', 'help').version();
  let helpText = '';
  try {
    if (mayPrintHelp) {
      await parser.parseAsync(argv, {}, (_err, _args, output) => {
        helpText = output;
      });
    } else {
      await parser.parseAsync(argv);
    }
  } catch (e) {
    if (usageFailure !== undefined) return { stdout: '', stderr: `sdmatch: ${usageFailure}`, code: EXIT.error };
    const { line, code } = describeError(e, debug);
    return { stdout: '', stderr: line, code };
  }
  if (usageFailure !== undefined) return { stdout: '', stderr: `sdmatch: ${usageFailure}`, code: EXIT.error };
  if (!result) return { stdout: helpText, stderr: '', code: EXIT.ok };
  return { stdout: result.stdout, stderr: result.stderr ?? '', code: result.code };
}

function withNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}

/** The `sdmatch` executable: run, print once, return the exit code (bin/sdmatch.js sets it). */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const r = await runCli(argv, io);
  if (r.stdout) process.stdout.write(withNewline(r.stdout));
  if (r.stderr) process.stderr.write(withNewline(r.stderr));
  return r.code;
}
