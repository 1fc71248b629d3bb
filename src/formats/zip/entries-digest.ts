import { createHash } from 'node:crypto';
import type { ZipArchive } from './reader.js';

/**
 * A digest of a zip archive's contents computed from its central directory alone: each entry's name,
 * method, sizes and CRC-32, in directory order. A zip stores the CRC-32 of every entry's bytes, so two
 * archives with the same digest hold the same bytes under the same names (up to CRC-32 collisions
 * between the two versions of a file — about 2^-32 per changed entry, far below what a "this plan was
 * made for that file" check needs). Reading it costs the directory (kilobytes), not the storages
 * (gigabytes): this is what lets `apply` recognise the file a plan was made for at `cp` speed.
 *
 * Offsets, timestamps and extra fields are left out on purpose: they describe the layout, not the
 * contents, and the same tensors re-zipped by another writer are the same checkpoint.
 *
 * Some writers skip the checksum (PyTorch's `torch.serialization.set_crc32_options(False)` writes 0);
 * then the directory says nothing of the bytes and no digest is given.
 */
export type EntriesDigest = { sha256: string } | { why: string };

export function zipEntriesDigest(zip: ZipArchive): EntriesDigest {
  const h = createHash('sha256');
  const fixed = new DataView(new ArrayBuffer(28));
  for (const e of zip.entries) {
    if (e.size > 0 && e.crc32 === 0) {
      return { why: `its entry "${e.name}" records no CRC-32 (written with checksums turned off), so its directory does not identify its bytes` };
    }
    const name = Buffer.from(e.name, 'utf8');
    fixed.setUint32(0, name.length, true);
    fixed.setUint32(4, e.method, true);
    fixed.setFloat64(8, e.size, true);
    fixed.setFloat64(16, e.compressedSize, true);
    fixed.setUint32(24, e.crc32 >>> 0, true);
    h.update(new Uint8Array(fixed.buffer));
    h.update(name);
  }
  return { sha256: h.digest('hex') };
}
