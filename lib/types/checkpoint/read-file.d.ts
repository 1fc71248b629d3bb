import type { FileContents, FileRef } from './contents.js';
/**
 * Reads a file by what its bytes are (never by its extension) with the reader for that format.
 * Throws FormatError for files that are not checkpoints or whose container is broken; a broken pickle
 * inside a readable container is not thrown but returned (root null, `error` set) so that the safety
 * report of a malicious file survives its parse failure.
 */
export declare function readCheckpointFile(given: FileRef, shardDepth?: number): FileContents;
/**
 * Bytes [offset, offset+length) of a file read as a file of their own (a torch.save stream that DCP
 * wrote inside a bigger file). The storage locations found are moved to point into the whole file.
 */
export declare function readCheckpointRange(ref: FileRef, offset: number, length: number): FileContents;
