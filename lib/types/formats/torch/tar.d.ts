import type { ByteSource } from '../byte-source.js';
import { type TorchFile } from './container.js';
import { isTar } from '../tar-header.js';
/** the check lives in magic.ts, which detectKind imports without this reader */
export { isTar };
/** A tar-format file as torch.load reads it; `tarError` set when tarfile raises a TarError, on which torch.load runs `pickle.load` from byte 0 instead. */
export interface TarTorchFile extends TorchFile {
    tarError: string | null;
}
export declare function readTarTorch(src: ByteSource, file: string): TarTorchFile;
