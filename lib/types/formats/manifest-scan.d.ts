import type { KeyEntry } from './keys.js';
/** The entries of a plain long-form manifest, or null when parseManifest must read the text (see above). */
export declare function scanManifest(bytes: Buffer): KeyEntry[] | null;
