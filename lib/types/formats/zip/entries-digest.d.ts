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
export type EntriesDigest = {
    sha256: string;
} | {
    why: string;
};
export declare function zipEntriesDigest(zip: ZipArchive): EntriesDigest;
