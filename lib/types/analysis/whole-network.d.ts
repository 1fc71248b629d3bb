/**
 * A whole network's weights given to a module whose own parameters sit at its root: every key the model
 * misses has no dot (one layer's `weight`, `bias`: ArcFace's or CosFace's margin head, a bare nn.Linear),
 * and the checkpoint's keys start at a network's input layer (STEM_MODULE: `input_layer`, `conv1`, `stem`,
 * `patch_embed`, …). A one-layer module never holds a network from its input layer on, and no prefix or
 * rename turns one into the other: the file is another model's (face.evoLVe-95: HEAD_RESUME_ROOT pointed at
 * the backbone's checkpoint, so ArcFace was given the IR-50 backbone). Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
export declare function wholeNetworkIntoLayer(report: ErrorReport): Cause | null;
