import type { ByteSource } from '../formats/byte-source.js';
import { readNpz } from '../formats/numpy.js';
import type { ZipArchive } from '../formats/zip/reader.js';
import type { FileContents, FileRef } from './contents.js';
/** safetensors: the root is a dict of tensors in header order. */
export declare function readSafetensorsFile(src: ByteSource, ref: FileRef): FileContents;
export declare function readNpyFile(src: ByteSource, ref: FileRef): FileContents;
/** npz: a zip of .npy members; the root maps each member's key to its array. */
export declare function readNpzFile(zip: ZipArchive, ref: FileRef, npz: ReturnType<typeof readNpz>): FileContents;
