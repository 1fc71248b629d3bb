import type { KeyEntry } from './keys.js';
/**
 * The key lists a PyTorch user prints without sdmatch's helper (review 22 F13): `print(sd.keys())`, `print(list(sd))`
 * (pprint's one-a-line wrapping too) and `for k, v in sd.items(): print(k, v.shape)`. The last carries shapes, so it
 * is read as a manifest would be. A list a user cut (`...`, or a text that stops before its `]`) is refused as cut:
 * taken as whole it would call every key past the cut missing.
 */
/** Every printed form sdmatch reads as a key source; the refusal of an unknown text names them from here. */
export declare const KEY_LIST_FORMS: readonly {
    printedBy: string;
    looks: string;
    shapes: boolean;
}[];
/** How the forms are named in a refusal: `print(sd.keys())`, … */
export declare const KEY_LIST_FORMS_LINE: string;
export declare function looksLikePrintedKeys(text: string): boolean;
export interface PrintedKeys {
    entries: KeyEntry[];
    /** true when each entry has its shape (the `print(k, v.shape)` forms) */
    shapes: boolean;
}
export declare function parsePrintedKeys(text: string, file: string): PrintedKeys;
