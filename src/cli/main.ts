import yargs, { type Argv } from 'yargs';
import { describeError, EXIT, UsageError } from './errors.js';
import { processIO, type CliIO, type CommandResult } from './io.js';
import { COMMANDS } from './commands.js';

/**
 * Parses argv, runs one command, prints its whole output at once. Returns the exit code rather than
 * calling process.exit so buffered stdout is flushed and tests can call it in-process.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const debug = argv.includes('--debug');
  let result: CommandResult | undefined;
  let usageFailure: string | undefined;
  let parser: Argv = yargs(argv)
    .scriptName('sdmatch')
    .usage('$0 <command> [options]\n\nExplain and fix PyTorch load_state_dict failures.')
    .option('debug', { type: 'boolean', describe: 'print stack traces for errors' })
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageFailure = msg;
    });
  for (const cmd of COMMANDS) {
    parser = parser.command(cmd.command, cmd.describe, cmd.builder, async (args) => {
      result = await cmd.run(args as never, io);
    });
  }
  let helpText = '';
  try {
    await parser.parseAsync(argv, {}, (_err, _args, output) => {
      helpText = output;
    });
  } catch (e) {
    const { line, code } = describeError(e, debug);
    process.stderr.write(`${line}\n`);
    return code;
  }
  if (usageFailure !== undefined) {
    process.stderr.write(`sdmatch: ${usageFailure}\n`);
    return EXIT.error;
  }
  if (!result) {
    if (helpText) process.stdout.write(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
    return EXIT.ok;
  }
  if (result.stdout) process.stdout.write(result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`);
  if (result.stderr) process.stderr.write(result.stderr.endsWith('\n') ? result.stderr : `${result.stderr}\n`);
  return result.code;
}

export { UsageError };
