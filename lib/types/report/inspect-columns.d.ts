import type { ColumnarCheckpoint } from '../checkpoint/open.js';
import type { InspectModel, InspectOptions } from './inspect-model.js';
/**
 * buildInspectModel for a state dict read into columns (openForReport): the same model, made without
 * a record per tensor. Totals, shared storages and the JSON lines are computed from the columns; a
 * record is made only for a row the table prints (200 per state dict unless --all) or when a caller
 * asks for `tensors` itself. The model of a file must not depend on which way it was read:
 * test/report/inspect-columns.test.ts compares both on every fixture and corpus zip.
 */
export declare function buildColumnarInspectModel(c: ColumnarCheckpoint, opts?: InspectOptions): InspectModel;
