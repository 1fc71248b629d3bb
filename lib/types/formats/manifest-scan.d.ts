import { type ManifestContents } from './manifest.js';
/** The entries (and ties) of a plain long-form manifest, or null when parseManifest must read the text (see above); a FormatError for a tensor named twice or a bad `tied`. */
export declare function scanManifest(bytes: Buffer, file: string): ManifestContents | null;
