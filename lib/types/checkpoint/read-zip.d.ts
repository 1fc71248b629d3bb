import type { ByteSource } from '../formats/byte-source.js';
import type { FileContents, FileRef } from './contents.js';
/**
 * Zip archives, told apart by their members: a torch.save archive (`X/data.pkl` + `X/data/`), a
 * TorchScript archive (that plus `X/code/`, `X/constants.pkl` or `X/bytecode.pkl`), a PyTorch 1.0
 * TorchScript archive (`X/model.json`), an npz (only .npy members), a root `data.pkl` look-alike, or
 * another zip holding pickles (scanned: some loaders and scanners open them).
 */
export declare function readZipFile(src: ByteSource, ref: FileRef): FileContents;
