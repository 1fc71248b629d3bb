import { PROGRAM } from '../report/command-line.js';
import { COMMANDS, commandName } from './commands.js';

/**
 * npx (or `npm exec`) runs sdmatch from a project's node_modules/.bin or from npm's cache without putting
 * it on PATH, so a command line the report prints (`sdmatch plan …`) fails as typed: "command not found"
 * (review 22 F14). npm tells the program it runs: `npm_command` is `exec` and `npm_lifecycle_script` the
 * command it was asked for (`'sdmatch'`; under `npx vitest`, `'vitest'`). Said once, on stderr, where a
 * report prints such a line; the lines themselves stay what they are in every other run (and in --json).
 */
export function npxNote(env: NodeJS.ProcessEnv, stdout: string): string | null {
  if (env.npm_command !== 'exec' || !RUN_AS_PROGRAM.test(env.npm_lifecycle_script ?? '')) return null;
  if (!PRINTED_COMMAND.test(stdout)) return null;
  return `${PROGRAM}: npx ran ${PROGRAM}, which is not on your PATH: type the \`${PROGRAM} …\` commands above as \`npx ${PROGRAM} …\``;
}

// program and command names are letters and hyphens: nothing to escape
const RUN_AS_PROGRAM = new RegExp(`^'?${PROGRAM}(?![\\w-])`);
/** `sdmatch plan`, `sdmatch inspect` …, not inside a word or a path */
const PRINTED_COMMAND = new RegExp(`(?<![\\w/.-])${PROGRAM} (?:${[...new Set(COMMANDS.map(commandName))].join('|')})(?![\\w])`);
