import type { ByteSource } from '../byte-source.js';
import { type TorchFile } from './container.js';
/** A tar header block as tarfile accepts it: a valid checksum (ustar magic is optional). */
export declare function isTar(head: Uint8Array): boolean;
export declare function readTarTorch(src: ByteSource, file: string): TorchFile;
