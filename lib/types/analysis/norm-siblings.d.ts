/**
 * A normalisation layer that keeps running statistics (BatchNorm, InstanceNorm with track_running_stats) has
 * one shape for its four per-channel tensors: `weight`, `bias`, `running_mean` and `running_var` are all [C],
 * and a checkpoint that stores one of them in another layout (a Caffe conversion's [1, C]) or width stores
 * all four so. So a size line the paste cut before its shapes, for one of them, is read with a whole line of
 * another of the same module: what the cut hid is known, and the key gets the same fix as its siblings
 * instead of being left as "another shape, unknown" beside them (okankop/MFF-pytorch#2: torch ≤ 1.0's
 * `While copying the parameter named "conv1_7x7_s2_bn.running_mean", whose dimensions in th`).
 * The text stays cut (its list may go on): only this key's shapes are completed.
 */
import type { ErrorReport } from '../formats/error-text.js';
/** The report with each cut size line of a running-stats norm's tensor completed from a whole sibling line. */
export declare function normSiblingShapes(report: ErrorReport): ErrorReport;
