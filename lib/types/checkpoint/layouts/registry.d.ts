import type { FileContents, FileRef } from '../contents.js';
export type MemberReader = (ref: FileRef, range?: {
    offset: number;
    length: number;
}) => FileContents;
/**
 * Checkpoints that are a directory of files (torch.distributed.checkpoint, DeepSpeed, Megatron) rather
 * than one file. Each layout is one row of LAYOUTS: it says which paths name one of its checkpoints
 * (the directory itself, its index file, or any one of its shard files) and reads the whole checkpoint
 * as one tree. readCheckpointFile asks the rows in order before looking at a file's bytes, so every
 * command accepts any of those names. A new layout is a new row (and a reader file); nothing else here
 * changes.
 *
 * The rows are in ./table.ts.
 */
export interface DirectoryLayout {
    /** what the checkpoint is called in messages ("torch.distributed.checkpoint (DCP)") */
    name: string;
    /** how a user recognises one, for the "directory is not a checkpoint" message ("a .metadata file") */
    marker: string;
    /**
     * The checkpoint's directory when `path` names one of this layout's checkpoints, else null. Looks
     * only at names and directory listings (cheap, called for every path a command opens): `path` is a
     * directory when `isDir`, else a file, possibly a shard of a checkpoint whose directory is its parent
     * or grandparent.
     */
    claim(path: string, isDir: boolean): string | null;
    /**
     * Reads the checkpoint in `dir` (a FileRef whose path is the directory; `name` is what the user
     * typed). `readFile` reads one member file with the single-file readers (for layouts whose shards
     * are ordinary torch.save files), or with `range` the bytes [offset, offset+length) of it as a file of
     * their own (DCP writes each chunk as a torch.save stream inside a bigger file); the locations it
     * returns point into the member file. Throws FormatError for a broken checkpoint.
     */
    read(dir: FileRef, readFile: MemberReader): FileContents;
}
export interface LayoutMatch {
    layout: DirectoryLayout;
    /** the checkpoint's directory */
    dir: string;
}
/** Whether a local path is a directory; null when it does not exist (the file reader then says so). */
export declare function isDirectory(path: string): boolean | null;
/** The layout that claims `path`, if any. */
export declare function claimLayout(path: string, isDir: boolean): LayoutMatch | null;
/** For the error on an unclaimed directory: what each layout looks for. */
export declare function layoutMarkers(): string;
/**
 * Whether a local path is read as a directory checkpoint: a directory (an unclaimed one is then an
 * error saying what each layout looks for), or a file a layout claims as one of its members.
 */
export declare function namesDirectoryCheckpoint(path: string): boolean;
