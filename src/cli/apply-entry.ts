import type { Argv, Options } from 'yargs';
import { isRemotePath } from '../checkpoint/sources.js';
import { applyCommand } from './apply.js';
import type { Command } from './command.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import { optionConflict } from './option-rules.js';
import { processIO, type CliIO } from './io.js';
import { failedRun, runParsed, type RunOutcome } from './run-parsed.js';
import { printResult, watchStdout } from './stdout.js';

/**
 * `sdmatch apply SOURCE PLAN [options]` without yargs and the other commands: the entry of
 * lib/apply.cjs, which bin/sdmatch.js tries first for `apply`. Issue 14: apply's floors are against
 * `cp`, and its fixed cost was most of what separated them: ~435 ms of CPU on a tiny checkpoint against
 * ~224 ms for `--version`, of which loading the whole CLI's bundle (its code cache, its top level) and
 * yargs' parse were ~120 ms; this bundle holds the apply command alone.
 *
 * Exactness. Unlike inspect-entry.ts, this entry never hands a command line back to the CLI once it has
 * started: apply writes files, and running it twice to word an error would copy gigabytes twice. So it
 * decides before anything runs, from the command line alone: it takes only lines whose meaning yargs
 * cannot vary — the two positionals, and apply's own and the global options in their plain spellings
 * (`--name`, `--no-name` of a boolean, `--name VALUE` or `-o VALUE`), each once — builds the arguments
 * yargs would give the command (test/cli/apply-entry.test.ts compares them with yargs' on many lines),
 * and runs the command through main's own steps (run-parsed.ts: --color, --quiet, the error's one line
 * and exit code) and printResult. Anything else (another option or spelling, a repeated option, `-`,
 * `--`, a value starting with `-`, a word yargs would read as a boolean's value, options that conflict
 * (option-rules.ts), a remote path, which main fetches or refuses first, --help) answers null before anything is read, and the whole CLI runs.
 */
export async function applyEntry(argv: readonly string[], io: CliIO = processIO()): Promise<number | null> {
  const args = simpleApply(argv);
  if (args === null) return null;
  watchStdout();
  let outcome: RunOutcome;
  try {
    outcome = await runParsed(applyCommand as unknown as Command<unknown>, args, io);
  } catch (e) {
    // as main decides it: the flag anywhere on the command line
    outcome = failedRun(e, argv.includes('--debug'));
  }
  return printResult(outcome);
}

interface Declared {
  /** as declared (kebab case); yargs gives the command its camelCase form */
  name: string;
  type: 'boolean' | 'value';
  aliases: readonly string[];
  default?: unknown;
  choices?: readonly unknown[];
}

let declared: { positionals: string[]; options: Map<string, Declared> } | null | undefined;

/**
 * apply's positionals and options as its builder declares them to yargs (and the global options), read
 * by a stand-in for yargs that records the declarations: one table, apply.ts's. A builder that calls
 * anything else (a later change to it) leaves every command line to the CLI.
 */
function declarations(): { positionals: string[]; options: Map<string, Declared> } | null {
  if (declared !== undefined) return declared;
  const positionals: string[] = [];
  const options = new Map<string, Declared>();
  const add = (name: string, o: Options): void => {
    const aliases = o.alias === undefined ? [] : Array.isArray(o.alias) ? o.alias : [o.alias];
    const type = o.type === 'boolean' ? 'boolean' : o.type === 'string' || (o.type === undefined && o.choices !== undefined) ? 'value' : null;
    if (type === null || o.coerce !== undefined || o.array !== undefined || o.count !== undefined || o.nargs !== undefined) throw new Error(`apply-entry: --${name} is not a plain option`);
    const d: Declared = { name, type, aliases, ...(o.default !== undefined ? { default: o.default } : {}), ...(o.choices !== undefined ? { choices: [o.choices].flat() } : {}) };
    for (const spelling of [name, ...aliases]) options.set(spelling, d);
  };
  const recorder = {
    positional(name: string) {
      positionals.push(name);
      return recorder;
    },
    option(name: string, o: Options) {
      add(name, o);
      return recorder;
    },
    epilogue() {
      return recorder;
    },
  };
  try {
    for (const [name, o] of Object.entries(GLOBAL_OPTIONS)) add(name, o);
    applyCommand.builder(recorder as unknown as Argv);
    declared = { positionals, options };
  } catch {
    declared = null;
  }
  return declared;
}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The arguments yargs gives apply's run for `argv`, when it is a command line this entry takes (see
 * applyEntry); null for any other.
 */
export function simpleApply(argv: readonly string[]): Record<string, unknown> | null {
  const decl = declarations();
  if (argv[0] !== 'apply' || decl === null) return null;
  const words: string[] = [];
  const args: Record<string, unknown> = {};
  const given = new Set<Declared>();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    // yargs takes `true`/`false` after a boolean option as its value
    if (a === 'true' || a === 'false' || a === '') return null;
    if (!a.startsWith('-')) {
      words.push(a);
      continue;
    }
    // `-`, `--`, `--name=value`, `-xy`: left to yargs
    const long = /^--([a-z][a-z-]*[a-z])$/.exec(a)?.[1];
    const short = /^-([a-z])$/.exec(a)?.[1];
    const spelled = long ?? short;
    if (spelled === undefined) return null;
    const negated = long !== undefined && long.startsWith('no-') && decl.options.get(long.slice(3))?.type === 'boolean';
    const opt = decl.options.get(negated ? long!.slice(3) : spelled);
    if (opt === undefined || (short !== undefined && !opt.aliases.includes(short)) || given.has(opt)) return null;
    given.add(opt);
    if (opt.type === 'boolean') {
      args[camel(opt.name)] = !negated;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value === '' || value === 'true' || value === 'false' || value.startsWith('-')) return null;
    if (opt.choices !== undefined && !opt.choices.includes(value)) return null;
    args[camel(opt.name)] = value;
  }
  if (words.length !== decl.positionals.length) return null;
  // options that conflict (option-rules.ts): the CLI's parse step refuses them in its own words
  if (optionConflict((name) => args[camel(name)] !== undefined && args[camel(name)] !== false) !== null) return null;
  words.forEach((w, i) => (args[camel(decl.positionals[i]!)] = w));
  // main fetches a remote input first, or refuses it (apply copies tensor bytes): the CLI's to do
  if (Object.values(args).some((v) => typeof v === 'string' && isRemotePath(v))) return null;
  for (const opt of new Set(decl.options.values())) {
    if (opt.default !== undefined && !given.has(opt)) args[camel(opt.name)] = opt.default;
  }
  return args;
}
