import { ownRow } from '../formats/own-row.js';
import { distance } from 'fastest-levenshtein';
import yargs, { type Argv } from 'yargs';
import type { Command } from './command.js';
import { commandName, COMMANDS, JOINED_SUBCOMMANDS, joinSubcommand, splitSubcommands, SUBCOMMANDS, type CommandEntry } from './commands.js';
import { UsageError } from './errors.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import { optionConflict } from './option-rules.js';
import { EXIT_HELP, REMOTE_HELP } from './help-texts.js';

/**
 * The command line, parsed by yargs: commands, options, generated help, completion and validation.
 * yargs is bundled into lib/cli.cjs with the rest of the CLI (one module to load), and only the
 * command being run has its options built (its module imported), so start-up pays for yargs itself and
 * one command. yargs' failure messages are turned into sdmatch's own one-line usage errors below.
 */

const NAME_A_COMMAND = 'name a command (see --help)';
const WIDTH = 100;
/** yargs-parser reads a lone `-` as an empty flag; it stands for standard input, so it is hidden from it */
const STDIN = '\u0000stdin';

export type Parsed =
  | { kind: 'output'; stdout: string }
  | { kind: 'run'; entry: CommandEntry; command: Command<unknown>; args: Record<string, unknown> };

/**
 * The command word: the first argument that is not an option. A shell asking for completions
 * (`--get-yargs-completions sdmatch diff --se`) names it after the script name.
 */
function commandWord(argv: readonly string[]): string | undefined {
  const args = argv[0] === '--get-yargs-completions' ? argv.slice(2) : argv;
  return args.find((a) => !a.startsWith('-'));
}

/**
 * What a shell is offered to complete `words` (the typed words after the script name, the last one being
 * completed): yargs' list, with the two-word commands offered as their words — `plan` at the command
 * word, `edit`/`check`/`invert` after `plan` — never as the joined `plan-edit` (which a shell would
 * split into `plan` and `edit` again, offering `check` twice for `che`).
 */
function completions(words: readonly string[], output: string): string {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1).filter((w) => !w.startsWith('-'));
  const joined = new Set(JOINED_SUBCOMMANDS);
  // a zsh line is `name:description`
  const lines = output.split('\n').filter((l) => l !== '' && !joined.has(l.split(':')[0]!));
  const subs = before.length === 1 ? (ownRow(SUBCOMMANDS, before[0]!) ?? []) : [];
  const offered = [...subs.filter((sub) => sub.startsWith(current)), ...lines];
  return offered.length > 0 ? `${offered.join('\n')}\n` : '';
}

export async function parseCommandLine(given: string[], version: string): Promise<Parsed> {
  // `sdmatch help [command]`, as git and npm take it: the command's --help
  const argv = joinSubcommand(given[0] === 'help' ? [...given.slice(1), '--help'] : given);
  const word = commandWord(argv);
  const entry = COMMANDS.find((c) => commandName(c) === word);
  // only the command being run is loaded: its options and implementation
  const command = entry ? await entry.load() : null;
  const raw = argv.map((a) => (a === '-' ? STDIN : a));
  let picked: Record<string, unknown> | null = null;
  /** long option names the command knows, for "did you mean --filter?" */
  let known = [...Object.keys(GLOBAL_OPTIONS), 'help', 'version'];

  const y = yargs()
    .scriptName('sdmatch')
    .locale('en')
    .detectLocale(false)
    .usage('$0 <command> [options]\n\nExplain and fix PyTorch load_state_dict failures.')
    .options(GLOBAL_OPTIONS)
    .help()
    .alias('help', 'h')
    .version(version)
    .group([...Object.keys(GLOBAL_OPTIONS), 'help', 'version'], 'Options for every command:')
    .completion('completion', 'print the bash/zsh completion script (sdmatch completion >> ~/.bashrc, or ~/.zshrc)')
    .recommendCommands()
    .strictCommands()
    .demandCommand(1, NAME_A_COMMAND)
    .epilogue(`Run \`sdmatch <command> --help\` for a command's options and examples.\n\n${EXIT_HELP.global}\n\n${REMOTE_HELP}`)
    .exitProcess(false)
    .showHelpOnFail(false)
    .wrap(WIDTH)
    .fail((message, error) => {
      if (error instanceof UsageError) throw error;
      throw new UsageError(splitSubcommands(usageLine(message ?? error?.message ?? '', raw, entry, known)));
    });
  skipHelpCache(y);
  for (const c of COMMANDS) {
    const own = c === entry && command ? command : null;
    y.command(
      c.command,
      c.describe,
      (b: Argv) => {
        if (!own) return b;
        own.builder(b);
        const options = optionsOf(b);
        // a value-taking option given last, with no value, is a mistake (yargs would read it as '')
        b.requiresArg([...options.string, ...options.number].filter((k) => !options.boolean.includes(k)));
        known = Object.keys(options.key).filter((k) => !/[A-Z]/.test(k) && k.length > 1);
        return b.strict().middleware((args) => settle(args, b, raw));
      },
      (args) => {
        picked = args as Record<string, unknown>;
      },
    );
  }

  let output = '';
  await y.parseAsync(raw, {}, (_err, _args, out) => {
    output = out;
  });
  if (given[0] === '--get-yargs-completions') return { kind: 'output', stdout: completions(given.slice(2), output) };
  if (picked === null || !entry || !command) return { kind: 'output', stdout: splitSubcommands(output) };
  return { kind: 'run', entry, command, args: restoreStdin(picked) };
}

/**
 * yargs renders the whole help text after every command's handler (its command.js calls
 * cacheHelpMessage, to have the command's help should a later failure show it): a tenth of the CPU of
 * a small `inspect`. sdmatch's handlers only pick the arguments, help is never shown on a failure
 * (showHelpOnFail(false)), and `--help` is answered before any handler runs, so the cache is never read.
 * It reaches into yargs' internals, which an upgrade may change: test/cli/parse.test.ts fails if the
 * patch stops taking effect (or if yargs stops caching, when it can go).
 */
export function skipHelpCache(y: Argv): void {
  const internal = (y as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/**
 * What yargs leaves for sdmatch to settle. An option that takes one value (every value-taking option the
 * command declares that is not a list: the command's own declarations are the table) given twice is a
 * usage error: yargs hands the command an array, which `--format`, `--emit`, `--min-confidence` did not
 * expect (no output, exit 3, a wrong message), and where the last value won, the first was lost silently
 * (`-o p1.json -o p2.json`, `--heads`; review 22 F6). A boolean given twice keeps its last value (a list
 * option's coerce has already gathered every value); two options that conflict (option-rules.ts) are an
 * error; a number option holds a number.
 */
function settle(args: Record<string, unknown>, y: Argv, raw: readonly string[]): void {
  const options = optionsOf(y);
  const lists = new Set(options.array);
  const valued = new Set([...options.string, ...options.number, ...Object.keys(options.choices ?? {})]);
  for (const [key, value] of Object.entries(args)) {
    if (!Array.isArray(value) || key === '_' || lists.has(key)) continue;
    if (valued.has(key)) {
      const values = value.map((v) => (v === STDIN ? '-' : String(v)));
      throw new UsageError(`${spelling(key, options)} given ${values.length === 2 ? 'twice' : `${values.length} times`} (${values.join(', ')}): it takes one value`);
    }
    if (options.boolean.includes(key)) args[key] = value[value.length - 1];
  }
  const conflict = optionConflict((name) => args[name] !== undefined && args[name] !== false);
  if (conflict !== null) throw new UsageError(conflict);
  for (const name of options.number) {
    const value = args[name];
    if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) continue;
    throw new UsageError(`--${name} takes a number, not ${JSON.stringify(optionValue(raw, name) ?? '')}`);
  }
}

/** What yargs records of the options declared (its getOptions, which @types/yargs does not list). */
interface DeclaredOptions {
  array: string[];
  boolean: string[];
  string: string[];
  number: string[];
  key: Record<string, unknown>;
  choices?: Record<string, unknown>;
  alias?: Record<string, string[]>;
}

/** An option as its help lists it, `-o/--out` or `--format`, whichever of its names (aliases, camelCase) yargs keyed it by. */
function spelling(key: string, options: DeclaredOptions): string {
  const alias = options.alias ?? {};
  const names = new Set([key, ...(alias[key] ?? []), ...Object.keys(alias).filter((k) => alias[k]!.includes(key))]);
  const long = [...names].find((n) => n.length > 1 && !/[A-Z]/.test(n)) ?? key;
  const short = [...names].find((n) => n.length === 1);
  return short !== undefined ? `-${short}/--${long}` : `--${long}`;
}

function optionsOf(y: Argv): DeclaredOptions {
  return (y as unknown as { getOptions: () => DeclaredOptions }).getOptions();
}

function restoreStdin(args: Record<string, unknown>): Record<string, unknown> {
  const back = (v: unknown): unknown => (v === STDIN ? '-' : Array.isArray(v) ? v.map(back) : v);
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, back(v)]));
}

/** The text given for `--name` (as `--name VALUE` or `--name=VALUE`), the last when repeated. */
function optionValue(raw: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  raw.forEach((a, i) => {
    if (a === `--${name}`) found = raw[i + 1];
    else if (a.startsWith(`--${name}=`)) found = a.slice(name.length + 3);
  });
  return found;
}

/** The option as the user typed it (`--frob`, `-x`), for a message about it. */
function typedOption(raw: readonly string[], name: string): string {
  const typed = raw.find((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}` || a === `--no-${name}`);
  return typed?.split('=')[0] ?? (name.length === 1 ? `-${name}` : `--${name}`);
}

/** Options of the command (or the global ones) near a misspelled one: `; did you mean --filter?` */
function optionSuggestion(typed: string, known: readonly string[]): string {
  const name = typed.replace(/^-+/, '');
  if (name.length < 2) return '';
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? `; did you mean --${best}?` : '';
}

/**
 * yargs' failure message → sdmatch's one line. The messages are yargs' English strings (the locale is
 * fixed to `en`), one pattern each; anything else passes through as it is.
 */
function usageLine(message: string, raw: readonly string[], entry: CommandEntry | undefined, known: readonly string[]): string {
  const first = message.split('\n')[0]!;
  const word = commandWord(raw);
  let m: RegExpExecArray | null;
  if ((m = /^Did you mean (.+)\?$/.exec(first))) return `unknown command ${JSON.stringify(word)}; did you mean ${m[1]}? (see --help)`;
  if (first === NAME_A_COMMAND) {
    return word !== undefined && !entry ? `unknown command ${JSON.stringify(word)} (see --help)` : NAME_A_COMMAND;
  }
  // an unknown option is the first thing to say: yargs took `--frob x` for an option and its value
  const unknown = raw.find((a) => a.startsWith('--') && a !== '--' && !known.includes(a.slice(2).split('=')[0]!.replace(/^no-/, '')));
  if (unknown !== undefined && entry) return `unknown option ${unknown.split('=')[0]}${optionSuggestion(unknown.split('=')[0]!, known)}`;
  if ((m = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(first)) && entry) {
    const names = [...entry.command.matchAll(/<([^>]+)>/g)].map((p) => p[1]!);
    return `missing required argument: ${names[Number(m[1])] ?? names[names.length - 1]}`;
  }
  if ((m = /^Unknown commands?: (.+)$/.exec(first))) {
    if (!entry) return `unknown command ${JSON.stringify(word)} (see --help)`;
    const extra = m[1]!.split(', ').map((a) => (a === STDIN ? '-' : a));
    return `unexpected argument${extra.length === 1 ? '' : 's'}: ${extra.join(' ')}`;
  }
  if ((m = /^Unknown arguments?: (.+)$/.exec(first))) {
    const names = m[1]!.split(', ');
    const option = names.find((n) => raw.some((a) => a.startsWith('-') && a.replace(/^-+(no-)?/, '').split('=')[0] === n)) ?? names[0]!;
    const typed = typedOption(raw, option);
    return `unknown option ${typed}${optionSuggestion(typed, known)}`;
  }
  if ((m = /^Not enough arguments following: (.+)$/.exec(first))) return `option --${m[1]} needs a value`;
  if ((m = /Argument: (\S+), Given: (".*"), Choices: (.+)$/m.exec(message))) {
    return `--${m[1]} is one of ${m[3]!.split(', ').map((c) => JSON.parse(c) as string).join(', ')}, not ${m[2]}`;
  }
  return first;
}
