import type { FormatError } from '../formats/errors.js';
import type { PyValue } from '../formats/pickle/values.js';
import type { PickleScan } from '../formats/torch/container.js';
import type { ColumnarTorchFile } from '../formats/torch/archive.js';
import type { CheckpointFormat, NamedMember } from './types.js';
/** What a reader found in a file before the tree is walked: the common shape of every format's result. */
export interface FileContents {
    format: CheckpointFormat;
    detail: string[];
    /** null when the object tree could not be read (the reason is in `error` and `detail`) */
    root: PyValue | null;
    error: FormatError | null;
    /** every pickle the file holds, for the safety report (empty for safetensors and numeric npy) */
    pickles: PickleScan[];
    /** bytes on disk (all shards for a sharded checkpoint) */
    size: number;
    /** a directory checkpoint's files, in hashing order (its index first): what its identity is made of */
    files?: string[];
    /**
     * a directory checkpoint's every file its reader or its framework's loader opens: `files`, the pickles
     * scanned for safety alone (optimizer states) and the pointer files (`latest`, the tracker); what
     * `apply -o` must never write over (./layouts/loader-files.ts)
     */
    opened?: string[];
    /** a directory layout that joined tensor-parallel ranks: how many (Checkpoint.tensorParallel) */
    tensorParallel?: number;
    /** a directory checkpoint named by one of its files: that file's own top-level fields (Checkpoint.namedMember) */
    namedMember?: NamedMember;
    /** a flat state dict read into columns (only when FileRef.columns asked for it): `root` is then null */
    columns?: Pick<ColumnarTorchFile, 'tensors' | 'storages'>;
    /** the tree was made from a nested stream's columns (state-dict-tree.ts), not by the symbolic machine */
    fromColumns?: true;
}
/** Where a reader's locations must point: the path that can be opened again, and the name for messages. */
export interface FileRef {
    path: string;
    name: string;
    /** the caller never writes the file back: tensors need not keep the calls they came from (see OpenOptions.readOnly) */
    readOnly?: boolean;
    /** a torch.save state dict may be read into columns instead of a tree (inspect; see readTorchArchiveColumns) */
    columns?: boolean;
}
