import { type KeySource } from '../checkpoint/key-source.js';
import type { KeyEntry } from '../formats/keys.js';
import type { Command } from './command.js';
export interface ManifestArgs {
    source: string;
    output?: string;
    select?: string;
    json?: boolean;
}
interface ManifestKeys {
    entries: KeyEntry[];
    /** where in a checkpoint the keys came from, for the message; null for other kinds */
    from: string | null;
    /** why that state dict, when the file held several and none was named */
    reason: string | null;
}
/** The key set a manifest of SOURCE describes: a checkpoint's chosen state dict, or the keys as given. */
export declare function manifestKeys(source: KeySource, select: string | undefined): ManifestKeys;
/** Write through a temporary file in the same folder and rename it: readers never see half a manifest. */
export declare function writeFileAtomic(path: string, text: string): void;
export declare const manifestCommand: Command<ManifestArgs>;
export {};
