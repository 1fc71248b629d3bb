import type { KeyEntry } from './keys.js';
/** The entries of a plain long-form manifest, or null when parseManifest must read the text (see above); a FormatError for a tensor named twice. */
export declare function scanManifest(bytes: Buffer, file: string): KeyEntry[] | null;
