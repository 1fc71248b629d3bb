/**
 * Names the common non-checkpoint files people pass by mistake, so the error says what the file is
 * rather than "unrecognised".
 */
export declare function describeForeign(head: Uint8Array, size: number): string;
/** How many bytes of a file that is no checkpoint are read to tell which text it is. */
export declare const TEXT_SNIFF_BYTES = 65536;
/**
 * The other files a user holds beside a checkpoint, told by content as the comparison commands tell them
 * (checkpoint/key-source.ts), with the command that reads each (review 22 F11: `inspect` on an error text
 * printed "unrecognised content (first bytes 45 72 72 6f …)"). null: none of them.
 */
export declare function describeTextFile(head: Uint8Array, file: string): string | null;
