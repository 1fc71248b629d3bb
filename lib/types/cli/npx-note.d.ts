/**
 * npx (or `npm exec`) runs sdmatch from a project's node_modules/.bin or from npm's cache without putting
 * it on PATH, so a command line the report prints (`sdmatch plan …`) fails as typed: "command not found"
 * (review 22 F14). npm tells the program it runs: `npm_command` is `exec` and `npm_lifecycle_script` the
 * command it was asked for (`'sdmatch'`; under `npx vitest`, `'vitest'`). Said once, on stderr, where a
 * report prints such a line; the lines themselves stay what they are in every other run (and in --json).
 */
export declare function npxNote(env: NodeJS.ProcessEnv, stdout: string): string | null;
