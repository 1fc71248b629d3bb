import { type ErrorReport } from '../formats/error-text.js';
import type { KeyEntry } from '../formats/keys.js';
import { type ManifestMegatron } from '../formats/manifest.js';
import type { Checkpoint } from './types.js';
/**
 * Anything a comparison command accepts on either side. The kind is decided by content, never by
 * file name: users paste errors into `.log`, `.txt`, or stdin, and checkpoints come with any extension.
 */
export type KeySource = {
    kind: 'checkpoint';
    file: string;
    checkpoint: Checkpoint;
}
/** tied: the keys that share one storage, as the manifest says (null: it does not say) */
/** megatron: the Megatron save's args the manifest keeps (null: it does not say) */
/** modules: each module's class, as the manifest records it (null: it does not say) */
/** printed: read from a printed `KEY torch.Size([…])` list, not an sdmatch manifest (for the words only) */
 | {
    kind: 'manifest';
    file: string;
    entries: KeyEntry[];
    tied?: string[][] | null;
    megatron?: ManifestMegatron | null;
    modules?: ReadonlyMap<string, string> | null;
    printed?: true;
} | {
    kind: 'key-list';
    file: string;
    entries: KeyEntry[];
} | {
    kind: 'error-text';
    file: string;
    report: ErrorReport;
};
export declare function openKeySource(path: string, stdinText?: string): KeySource;
