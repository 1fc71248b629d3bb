import { FileSource, type ByteSource } from '../formats/byte-source.js';
import { detectKind } from '../formats/detect.js';
import { FormatError } from '../formats/errors.js';
import { readLegacy } from '../formats/torch/legacy.js';
import { isPytorch1, readPytorch1 } from '../formats/torch/pytorch1.js';
import { fileRegion } from '../formats/torch/region.js';
import type { FileContents, FileRef } from './contents.js';
import { describeForeign } from './identify.js';
import { readNpyFile, readSafetensorsFile } from './read-arrays.js';
import { readPickleFile } from './read-pickles.js';
import { readShardedFile } from './read-sharded.js';
import { readZipFile } from './read-zip.js';

/**
 * Reads a file by what its bytes are (never by its extension) with the reader for that format.
 * Throws FormatError for files that are not checkpoints or whose container is broken; a broken pickle
 * inside a readable container is not thrown but returned (root null, `error` set) so that the safety
 * report of a malicious file survives its parse failure.
 */
export function readCheckpointFile(ref: FileRef, shardDepth = 0): FileContents {
  const src = new FileSource(ref.path, ref.name);
  try {
    return withName(ref, () => dispatch(src, ref, shardDepth));
  } finally {
    src.close();
  }
}

/** Readers name the path (their locations must point at an openable file); messages use the user's name. */
function withName<T>(ref: FileRef, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError && (e.file === ref.path || e.file === '')) e.file = ref.name;
    throw e;
  }
}

function dispatch(src: ByteSource, ref: FileRef, shardDepth: number): FileContents {
  const kind = detectKind(src);
  switch (kind) {
    case 'zip':
      return readZipFile(src, ref);
    case 'legacy-torch': {
      const region = fileRegion(src, ref.path);
      const tf = readLegacy(region);
      if (tf) return { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size: src.size };
      return readPickleFile(region, src.size);
    }
    case 'pickle':
      return readPickleFile(fileRegion(src, ref.path), src.size);
    case 'safetensors':
      return readSafetensorsFile(src, ref);
    case 'npy':
      return readNpyFile(src, ref);
    case 'shard-index':
      if (shardDepth > 0) throw new FormatError(ref.path, 'a shard is itself a shard index');
      return readShardedFile(src, ref, (shard) => readCheckpointFile(shard, shardDepth + 1));
    case 'gzip':
      // torch.load cannot read it either; decompressing here would hide that from the user
      throw new FormatError(ref.path, 'gzip-compressed file: decompress it first (torch.load cannot read it as is)');
    case 'unknown': {
      const head = src.read(0, Math.min(src.size, 512));
      if (isPytorch1(head)) {
        const tf = readPytorch1(src, ref.path);
        return { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size: src.size };
      }
      throw new FormatError(ref.path, describeForeign(head, src.size));
    }
  }
}
