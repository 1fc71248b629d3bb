/**
 * In the page: each side's keys with their statuses, counterparts and rules, as the page data carries
 * them (derived from the embedded `--json` object when the page was written: key-status.ts), turned
 * into what the trees and rows read. Nothing here walks the JSON, so the first screen never waits for
 * the 12 MB a 100,000-key mapping takes to parse.
 */
export declare const MODEL_JS: string;
