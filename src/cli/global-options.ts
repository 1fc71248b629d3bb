import type { Options } from 'yargs';

/**
 * Options every command takes, the same everywhere: declared to yargs by parse.ts, and read by
 * apply-entry.ts, which parses `apply`'s command lines without yargs (this module imports none of it).
 */
export const GLOBAL_OPTIONS: Record<string, Options> = {
  json: { type: 'boolean', describe: 'print the result as JSON (each command\'s schema is in schemas/)' },
  quiet: { alias: 'q', type: 'boolean', describe: 'print no report on stdout, only data asked for (JSON, a manifest, emitted code); the exit code is the verdict' },
  color: { type: 'boolean', describe: 'colour the report (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it); --no-color turns it off' },
  debug: { type: 'boolean', describe: 'print stack traces for errors' },
};
