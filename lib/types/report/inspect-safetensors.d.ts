import type { SafetensorsCheckpoint } from '../checkpoint/open.js';
import type { InspectModel, InspectOptions } from './inspect-model.js';
/**
 * buildInspectModel for a safetensors file or sharded set read into columns (openForReport): the same
 * model, written from the headers' bytes without a record per tensor (issue 14). A record is made only
 * for a row the table prints or when a caller asks for `tensors`. The model must not depend on which
 * way the file was read: test/report/inspect-safetensors.test.ts compares both.
 *
 * What the tree reader makes of a safetensors tensor is fixed by the format: contiguous strides, no
 * offset, no grad, a CPU storage of its own named like the tensor (so no storage is shared).
 */
export declare function buildSafetensorsInspectModel(c: SafetensorsCheckpoint, opts?: InspectOptions): InspectModel;
