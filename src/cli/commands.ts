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
  { command: 'explain <first> [second]', describe: 'say in plain words why load_state_dict failed, and the fix (from the error text, with the checkpoint if you have it)', load: async () => (await import('./explain.js')).explainCommand },
  { command: 'apply <source> <plan>', describe: 'execute a remap plan: write a checkpoint that load_state_dict(strict=True) accepts', load: async () => (await import('./apply.js')).applyCommand },
  { command: 'check <baseline> <current>', describe: 'gate a change to a model: classify every key change against a baseline (lock) manifest and apply a policy', load: async () => (await import('./check.js')).checkCommand },
];

/** The command name a command string starts with (`diff <source> <expected>` → `diff`). */
export function commandName(entry: CommandEntry): string {
  return entry.command.split(' ')[0]!;
}
