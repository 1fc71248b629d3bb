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
import { STEM_MODULE } from './key-roles.js';

const tick = (k: string) => `\`${k}\``;

export function wholeNetworkIntoLayer(report: ErrorReport): Cause | null {
  if (report.kind !== 'load_state_dict' || report.sizeMismatch.length > 0 || report.missing.length === 0 || report.unexpected.length < 2) return null;
  if (!report.missing.every((k) => !k.includes('.'))) return null;
  const stem = report.unexpected.find((k) => k.includes('.') && STEM_MODULE.test(k));
  if (!stem) return null;
  const model = report.modelName ? ` (${report.modelName})` : '';
  return {
    code: 'another_file',
    message: `every key the model${model} misses is a parameter at its root (${report.missing.slice(0, 3).map(tick).join(', ')}): it is a single layer or head, while the checkpoint's keys are a whole network's from its input layer on (${tick(stem)}${report.truncated ? ', and more past the cut' : ''}): the file is another model's (a backbone's checkpoint given to a head, or the wrong path), and no key edit turns a network into this module's weights: load the file saved for this module${model ? ` (${report.modelName}'s own checkpoint)` : ''}, or load this file into the network it was saved from`,
  };
}
