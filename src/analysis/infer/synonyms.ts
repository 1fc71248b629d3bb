/**
 * Names that mean the same parameter across frameworks and eras: old LayerNorm/BatchNorm names,
 * TF/Keras spellings, Flax's. Applied to whole dot segments only, so `beta` inside `beta_schedule` is safe.
 * Flax names a Dense / Conv weight `kernel` (stored [in, out], HWIO: the shapes then tell the layout,
 * layout-fixes.ts), a norm's weight `scale` and an Embed table `embedding`; torch.nn never names a
 * parameter any of these, so a key ending in one is another framework's weight. Flax's BatchNorm keeps its
 * statistics as `mean` / `var` (batch_stats): torch.nn's `running_mean` / `running_var`.
 */
import { ownRow } from '../../formats/own-row.js';
import { foreignLeaves } from '../../formats/module-leaves.js';
const SEGMENT_SYNONYMS: Record<string, string> = {
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
  moving_var: 'running_var',
  kernel: 'weight',
  scale: 'weight',
  embedding: 'weight',
  mean: 'running_mean',
  var: 'running_var',
};

export function canonicalSegment(segment: string): string {
  return ownRow(SEGMENT_SYNONYMS, segment) ?? segment;
}

const ANY_SYNONYM = new RegExp(`(^|\\.)(${Object.keys(SEGMENT_SYNONYMS).join('|')})(\\.|$)`);

/**
 * torch ≥ 2.1's `nn.utils.parametrizations.weight_norm` keeps a weight-normed layer's magnitude and
 * direction as `parametrizations.weight.original0` / `original1`; the older `nn.utils.weight_norm`
 * (and every checkpoint saved with it, wav2vec2's and HiFi-GAN's among them) names them `weight_g` /
 * `weight_v`. The same two tensors: the older names are the canonical ones.
 */
const PARAMETRIZED = /(^|\.)parametrizations\.([A-Za-z_]\w*)\.original([01])$/;

/**
 * Is the key its own canonical form (canonicalKey returns it unchanged)? Then so is any key made by
 * joining whole segments of such keys (`add.` + a segment-aligned rest): no synonym segment appears and
 * `parametrizations.`, whose one dot ends it, cannot straddle a join after a dot.
 */
export function isCanonical(key: string): boolean {
  return !key.includes('parametrizations.') && !ANY_SYNONYM.test(key);
}

export function canonicalKey(key: string): string {
  if (key.includes('parametrizations.')) key = key.replace(PARAMETRIZED, (_m, dot: string, name: string, i: string) => `${dot}${name}_${i === '0' ? 'g' : 'v'}`);
  if (!ANY_SYNONYM.test(key)) return key;
  return key
    .split('.')
    .map(canonicalSegment)
    .join('.');
}

/**
 * The key with synonyms applied, separators and case ignored: `norm.1.weight` and `norm1.weight`
 * (torchvision's legacy DenseNet names) or `LayerNorm.gamma` and `layer_norm.weight` agree.
 */
export function squashedKey(key: string): string {
  const k = canonicalKey(key);
  let out = '';
  let from = 0;
  // by hand: this runs over every unmatched key, 100,000 at scale
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c === 46 || c === 95) {
      out += k.slice(from, i);
      from = i + 1;
    }
  }
  return (out + k.slice(from)).toLowerCase();
}

/**
 * Caffe2 / Detectron blob names join a whole key with underscores (`res2_0_branch2a_bn_s`) and end in
 * abbreviated parameter names: weight, bias, affine-channel scale (a norm's weight), running mean and
 * inverse variance. Read only on keys without any dot, where `_` is the only separator (module-leaves.ts
 * FOREIGN_LEAF_ROWS, with the TensorFlow scope path's one-letter variables).
 */
export const BLOB_LEAVES: Readonly<Record<string, string>> = foreignLeaves('blob');
/** a TF scope path's last scope that is a one-letter variable: GPT-2's `w` / `g` (weight) and `b` (bias) */
export const SCOPE_LEAVES: Readonly<Record<string, string>> = foreignLeaves('scope');

/** the blob suffix a dotless name ends in, read as torch's leaf (`res2_0_branch2a_bn_s` → weight), or undefined */
export function blobLeaf(name: string): string | undefined {
  const under = name.lastIndexOf('_');
  return under < 0 ? undefined : ownRow(BLOB_LEAVES, name.slice(under + 1));
}

/**
 * The parameter name a key ends with, synonyms applied: `….LayerNorm.gamma` → weight, `conv1_w` → weight,
 * `MobilenetV1/Conv2d_0/BatchNorm/moving_mean` → running_mean. A key without a dot whose last `/` scope is a
 * name is a TensorFlow scope path (a ported TF model keeps them as its state-dict keys, `/` being a legal
 * name in torch): its variable is the last scope, read as a dot path's last segment is (readScopePaths reads
 * a source of such keys whole; a model's keys are read here), GPT-2's one-letter `g` / `b` / `w` included;
 * a last scope that is a Caffe2 blob (`gpu_0/res2_0_branch2a_bn_s`, Detectron's device scope) is read as
 * the blob. One reading whatever the separators, so the role veto (a weight is never a bias) sees every form.
 */
export function leafName(key: string): string {
  const dot = key.lastIndexOf('.');
  if (dot < 0) {
    const slash = key.lastIndexOf('/');
    const scoped = slash >= 0 && slash < key.length - 1;
    const last = scoped ? key.slice(slash + 1) : key;
    const blob = blobLeaf(last);
    if (blob) return blob;
    if (scoped) return ownRow(SCOPE_LEAVES, last) ?? canonicalSegment(last);
  }
  return canonicalSegment(key.slice(dot + 1));
}
