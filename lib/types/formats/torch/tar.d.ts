import type { ByteSource } from '../byte-source.js';
import { type TorchFile } from './container.js';
import { isTar } from '../magic.js';
/** the check lives in magic.ts, which detectKind imports without this reader */
export { isTar };
export declare function readTarTorch(src: ByteSource, file: string): TorchFile;
