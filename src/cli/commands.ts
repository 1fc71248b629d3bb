import { ownRow } from '../formats/own-row.js';
import type { Command } from './command.js';

/**
 * Every command the CLI offers, in the order `--help` lists them. Names and one-line descriptions
 * are here, statically; a command's options and implementation are loaded only when it runs, so
 * start-up does not pay for every reader, writer and inference step (it is part of `diff`'s second).
 */
export interface CommandEntry {
  /** name and positionals: `<required>`, `[optional]` */
  command: string;
  describe: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<Command<any>>;
}

export const COMMANDS: CommandEntry[] = [
  { command: 'inspect <file>', describe: 'list a checkpoint\'s tensors, state dicts and pickle globals (nothing is executed, no tensor bytes are read)', load: async () => (await import('./inspect.js')).inspectCommand },
  { command: 'diff <source> <expected>', describe: 'compare a checkpoint (or any key source) with what the model expects', load: async () => (await import('./diff.js')).diffCommand },
  { command: 'manifest <source>', describe: 'write the expected-keys manifest of a checkpoint, manifest or key list', load: async () => (await import('./manifest.js')).manifestCommand },
  { command: 'plan <source> [expected]', describe: 'infer how the checkpoint\'s keys map onto the model\'s and write a remap plan', load: async () => (await import('./plan.js')).planCommand },
  { command: 'plan-edit <plan>', describe: 'edit a plan: --drop, --keep-missing, --rename, --tie; mapping, unmapped and unexpected are recomputed from the ops', load: async () => (await import('./plan-edit.js')).planEditCommand },
  { command: 'plan-check <plan> <expected>', describe: 'check that a plan covers the model exactly: every source key consumed once, every model key written once or kept missing on purpose, every shape the model\'s (given the source)', load: async () => (await import('./plan-check.js')).planCheckCommand },
  { command: 'plan-invert <plan> [source]', describe: 'write the plan that undoes a plan (drops, which lose tensors, are listed)', load: async () => (await import('./plan-invert.js')).planInvertCommand },
  { command: 'explain <first> [second]', describe: 'say in plain words why load_state_dict failed, and the fix (from the error text, with the checkpoint if you have it)', load: async () => (await import('./explain.js')).explainCommand },
  { command: 'apply <source> <plan>', describe: 'execute a remap plan: write a checkpoint that load_state_dict(strict=True) accepts', load: async () => (await import('./apply.js')).applyCommand },
  { command: 'check <baseline> <current>', describe: 'gate a change to a model: classify every key change against a baseline (lock) manifest and apply a policy', load: async () => (await import('./check.js')).checkCommand },
];

/**
 * `plan edit`, `plan check` and `plan invert` are commands of their own (`plan-edit` …) that the
 * command line spells as two words, like `git remote add`: the words are joined before parsing, and
 * help shows them apart again.
 */
export const SUBCOMMANDS: Record<string, readonly string[]> = { plan: ['edit', 'check', 'invert'] };

export function joinSubcommand(argv: readonly string[]): string[] {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const sub = at >= 0 ? ownRow(SUBCOMMANDS, argv[at]!) : undefined;
  if (!sub || !sub.includes(argv[at + 1] ?? '')) return [...argv];
  return [...argv.slice(0, at), `${argv[at]}-${argv[at + 1]}`, ...argv.slice(at + 2)];
}

/** The joined names (`plan-edit`, …), derived from SUBCOMMANDS. */
export const JOINED_SUBCOMMANDS: readonly string[] = Object.entries(SUBCOMMANDS).flatMap(([cmd, subs]) => subs.map((sub) => `${cmd}-${sub}`));

// command words are letters and hyphens: nothing to escape
// not inside a file name: `schemas/plan-check.schema.json` stays (review 22 F11: help named "plan check.schema.json")
const JOINED_RE = new RegExp(`(?<![\\w/.-])(${JOINED_SUBCOMMANDS.join('|')})(?![\\w-]|\\.\\w)`, 'g');

/** Help and messages name the joined commands as typed: `plan-edit` → `plan edit`. */
export function splitSubcommands(text: string): string {
  return text.replace(JOINED_RE, (joined) => joined.replace('-', ' '));
}

/** The command name a command string starts with (`diff <source> <expected>` → `diff`). */
export function commandName(entry: CommandEntry): string {
  return entry.command.split(' ')[0]!;
}
