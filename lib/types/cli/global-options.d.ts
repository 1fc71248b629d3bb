import type { Options } from 'yargs';
/**
 * Options every command takes, the same everywhere: declared to yargs by parse.ts, and read by
 * apply-entry.ts, which parses `apply`'s command lines without yargs (this module imports none of it).
 */
export declare const GLOBAL_OPTIONS: Record<string, Options>;
