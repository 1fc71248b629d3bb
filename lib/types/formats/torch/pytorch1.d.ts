import type { ByteSource } from '../byte-source.js';
import type { TorchFile } from './container.js';
/**
 * The PyTorch 1.0-preview TorchScript container (Oct 2018), not a zip: `PYTORCH1`, a u64 version, then
 * 64-byte-aligned records (u64 tag, u64 size, padding, data). The last 64 bytes hold (2, offset of the
 * model record); that record is a protobuf ModelProto ("not standard ONNX") whose graph initializers
 * (field 7 → field 5) are the parameters: dims (1), data_type (2), int64_data (7) =
 * [device, requires_grad, record offset, storage offset, ...strides], name (8).
 */
export declare const PYTORCH1_MAGIC = "PYTORCH1";
export declare function isPytorch1(head: Uint8Array): boolean;
export declare function readPytorch1(src: ByteSource, file: string): TorchFile;
