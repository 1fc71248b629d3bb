// Writes spec.json: for each chosen tuning-half case of bench/diagnosis, the checkpoint its error text
// implies (keys and shapes), which generate.py then writes with real torch. Run from the repository
// root after `npm run compile`:  node test/cli/implied/make-spec.mjs
// Only tuning halves are read (the `half` filter below); held-out texts are never opened.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseErrorText } from '../../../dist/formats/error-text.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TUNING = new Set(['tuning', 'tuning2', 'tuning3', 'tuning4']);
/** Cases whose texts name keys and shapes (size lines) or keys on both sides (renames, prefixes, buffers). */
export const CHOSEN = [
  // size lines: heads of another class count (fine-tunes) and shapes no key edit fixes (code changes)
  'AlibabaResearch-efficientteacher-118', 'asahi417-tner-37', 'huggingface-pytorch-image-models-948', 'huggingface-transformers-20327',
  'moskomule-senet.pytorch-73', 'open-mmlab-mmskeleton-124', 'zylo117-Yet-Another-EfficientDet-Pytorch-8', 'Helias-Car-Model-Recognition-2',
  'ZQPei-deep_sort_pytorch-134', 'huggingface-pytorch-image-models-43', 'huggingface-pytorch-image-models-717', 'yuxumin-PoinTr-33',
  'lancopku-SGM-3', 'clvrai-boss-2', 'facebookresearch-pycls-86',
  // keys on both sides: prefixes, renames, buffers beside weights
  'abeardear-pytorch-YOLO-v1-4', 'pytorch-pytorch-102999', 'TissueImageAnalytics-tiatoolbox-339', '12wang3-rrl-17',
  'Xiyue-Wang-TransPath-32', 'LAMDA-CL-PyCIL-69', 'google-research-vision_transformer-150',
];

/** A shape for a key the text names without one: small, by what the key is. */
function shapeOf(key) {
  const leaf = key.slice(key.lastIndexOf('.') + 1);
  const module = key.slice(0, key.lastIndexOf('.'));
  if (leaf === 'num_batches_tracked') return { shape: [], dtype: 'int64' };
  if (leaf === 'position_ids') return { shape: [1, 16], dtype: 'int64' };
  if (/^(running_mean|running_var|bias)$/.test(leaf)) return { shape: [8], dtype: 'float32' };
  if (leaf === 'weight' && /(?:^|[._])(bn|norm|ln|layernorm|layer_norm|gn)\w*$/i.test(module)) return { shape: [8], dtype: 'float32' };
  if (leaf === 'weight' && /conv|downsample|shortcut/i.test(module)) return { shape: [8, 8, 3, 3], dtype: 'float32' };
  if (leaf === 'weight') return { shape: [8, 8], dtype: 'float32' };
  return { shape: [1, 8], dtype: 'float32' };
}

const cases = ['cases.json', 'cases2.json', 'cases3.json', 'cases4.json']
  .flatMap((f) => JSON.parse(readFileSync(join(ROOT, 'bench/diagnosis', f), 'utf8')))
  .filter((c) => TUNING.has(c.half));
/** A key as a state dict holds it: dotted names, none empty (a cut paste's `""` or `.cl` is no key). */
const WHOLE_KEY = /^[A-Za-z_][\w-]*(?:\.[\w-]+)*$/;

const out = [];
for (const id of CHOSEN) {
  const c = cases.find((x) => x.id === id);
  if (!c) throw new Error(`${id}: not a tuning-half case`);
  const r = parseErrorText(c.text, id);
  const named = [];
  // what the checkpoint holds: its keys the model lacks (unexpected) and those of another shape (size lines);
  // the keys the model lists as missing are not in it (that is what the error says)
  for (const k of r.unexpected.filter((k) => WHOLE_KEY.test(k))) {
    const s = shapeOf(k);
    named.push([k, s.shape, s.dtype]);
  }
  for (const m of r.sizeMismatch) named.push([m.key, m.source, 'float32']);
  // the keys the text does not name loaded as they are: the checkpoint has more than the text shows. One
  // such key beside each module the text names keeps a plan's patterns to the keys named (a drop of
  // `^base_model\.` would be as good as the named keys in a checkpoint holding nothing else)
  const tensors = [...named];
  const have = new Set(tensors.map(([k]) => k));
  for (const [k] of named) {
    const parent = k.split('.').slice(0, -2).join('.');
    const loaded = `${parent ? `${parent}.` : ''}loaded_by_name.weight`;
    if (!have.has(loaded) && !r.missing.includes(loaded)) {
      have.add(loaded);
      tensors.push([loaded, [8, 8], 'float32']);
    }
  }
  const spec = { id, half: c.half, file: `${id}.pt`, tensors };
  // the same checkpoint whose size-mismatched tensors already have the model's shape: a text from another
  // file, which explain must not read as this checkpoint's (no head dropped, no size rule applied)
  if (r.sizeMismatch.length > 0) {
    const model = new Map(r.sizeMismatch.map((m) => [m.key, m.expected]));
    spec.contradicting = { file: `${id}.other.pt`, tensors: spec.tensors.map(([k, shape, dtype]) => [k, model.get(k) ?? shape, dtype]) };
  }
  out.push(spec);
}
// one case per line, one tensor as [key, shape, dtype]
writeFileSync(join(ROOT, 'test/cli/implied/spec.json'), `[\n${out.map((o) => JSON.stringify(o)).join(',\n')}\n]\n`);
console.log(`wrote ${out.length} checkpoint specs`);
