import type { Command } from './command.js';
import { inspectCommand } from './inspect.js';
import { diffCommand } from './diff.js';
import { manifestCommand } from './manifest.js';
import { applyCommand } from './apply.js';
import { checkCommand } from './check.js';
import { planCommand } from './plan.js';
import { explainCommand } from './explain.js';

/** Every command the CLI offers, in the order `--help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: Command<any>[] = [
  inspectCommand,
  diffCommand,
  manifestCommand,
  planCommand,
  explainCommand,
  applyCommand,
  checkCommand,
];
