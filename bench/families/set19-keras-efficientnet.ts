/**
 * The nineteenth family set (session 26), part one: Keras Applications' EfficientNet B0–B7 (the ImageNet weights
 * `tf.keras.applications.efficientnet.EfficientNetB*` loads) → transformers' EfficientNetForImageClassification, by
 * convert_efficientnet_to_pytorch.py, which no earlier set uses. A Keras port: `/`-scoped variable names with `:0`,
 * BatchNorm gamma / beta / moving_mean / moving_variance, HWIO conv kernels permuted (3, 2, 0, 1), depthwise kernels
 * [k, k, C, 1] permuted (2, 3, 0, 1), 1×1 convs among them (the kernel's 4 axes reordered), the Dense classifier
 * transposed (np.transpose), the input Normalization layer's mean / variance / count skipped, and the per-stage block
 * names `block{stage}{letter}` (block2a, block2b, …, block7a) re-numbered into one flat `encoder.blocks.N` list (the
 * script sorts the names and numbers them in that order). The checkpoint side is the script's `tf_params`: the model's
 * trainable variables in layer order, then its non-trainable ones (the Normalization state first, then every
 * BatchNorm's moving statistics). The model side has the num_batches_tracked counters the Keras side lacks.
 * Widths and depths from keras/applications/efficientnet.py (v2.11: DEFAULT_BLOCKS_ARGS, round_filters,
 * round_repeats) at each variant's width / depth coefficients, which the script's CONFIG_MAP repeats.
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { batchNorm, conv2d, linear, module, stateDict, t, indexed, type Module } from './modules.js';
import type { Truth } from './set9-common.js';

const EFFNET_SCRIPT = 'src/transformers/models/efficientnet/convert_efficientnet_to_pytorch.py';
const EFFNET_COMMIT = '09cb93d8890401636f6abd80b763671e755aa025';

/** keras/applications/efficientnet.py DEFAULT_BLOCKS_ARGS: kernel, repeats, filters in / out, expand ratio, stride (se_ratio 0.25 throughout) */
const BLOCKS_ARGS = [
  { k: 3, repeats: 1, fin: 32, fout: 16, expand: 1 },
  { k: 3, repeats: 2, fin: 16, fout: 24, expand: 6 },
  { k: 5, repeats: 2, fin: 24, fout: 40, expand: 6 },
  { k: 3, repeats: 3, fin: 40, fout: 80, expand: 6 },
  { k: 5, repeats: 3, fin: 80, fout: 112, expand: 6 },
  { k: 5, repeats: 4, fin: 112, fout: 192, expand: 6 },
  { k: 3, repeats: 1, fin: 192, fout: 320, expand: 6 },
] as const;

/** the script's CONFIG_MAP (width_coef, depth_coef), the same coefficients Keras' EfficientNetB0–B7 use */
const VARIANTS = {
  b0: { width: 1.0, depth: 1.0 },
  b1: { width: 1.0, depth: 1.1 },
  b2: { width: 1.1, depth: 1.2 },
  b3: { width: 1.2, depth: 1.4 },
  b4: { width: 1.4, depth: 1.8 },
  b5: { width: 1.6, depth: 2.2 },
  b6: { width: 1.8, depth: 2.6 },
  b7: { width: 2.0, depth: 3.1 },
} as const;
type Variant = keyof typeof VARIANTS;

/**
 * make_divisible(v, 8): round to the nearest multiple of 8, never more than 10 % down. Keras' and transformers'
 * round_filters are this of filters × width_coefficient; ml-cvnets and transformers' MobileViT round expanded widths with it.
 */
export function makeDivisible(v: number, divisor = 8): number {
  let out = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

const roundFilters = (filters: number, width: number): number => makeDivisible(filters * width);

/** round_repeats: ceil(depth_coefficient × repeats) */
const roundRepeats = (repeats: number, depth: number): number => Math.ceil(depth * repeats);

interface BlockSpec {
  /** Keras prefix, e.g. `block2b` */
  name: string;
  k: number;
  /** block input channels (the SE width is a quarter of these) */
  fin: number;
  fout: number;
  expand: number;
}

function blocks(v: Variant): BlockSpec[] {
  const { width, depth } = VARIANTS[v];
  const out: BlockSpec[] = [];
  BLOCKS_ARGS.forEach((a, i) => {
    const fout = roundFilters(a.fout, width);
    for (let j = 0; j < roundRepeats(a.repeats, depth); j++) {
      out.push({ name: `block${i + 1}${String.fromCharCode(97 + j)}`, k: a.k, fin: j === 0 ? roundFilters(a.fin, width) : fout, fout, expand: a.expand });
    }
  });
  return out;
}

const entry = (key: string, shape: number[], dtype: 'float32' | 'int64' = 'float32'): KeyEntry => ({ key, shape, dtype });
const src = (key: string): Recipe => ({ kind: 'source', key });
const permuted = (key: string, dims: number[]): Recipe => ({ kind: 'transpose', of: src(key), dims });

/** transformers' EfficientNetForImageClassification at the variant's widths */
function hfEfficientNet(v: Variant): Module {
  const { width } = VARIANTS[v];
  const stem = roundFilters(32, width);
  const top = roundFilters(1280, width);
  const bn = (c: number): Module => batchNorm(c);
  const noBias = (cin: number, cout: number, k: number): Module => conv2d(cin, cout, k, false);
  const hfBlocks = blocks(v).map((b) => {
    const mid = b.fin * b.expand;
    const se = Math.max(1, Math.floor(b.fin * 0.25));
    const children: [string, Module][] = [];
    if (b.expand !== 1) children.push(['expansion', module([], [['expand_conv', noBias(b.fin, mid, 1)], ['expand_bn', bn(mid)]])]);
    children.push(
      ['depthwise_conv', module([], [['depthwise_conv', module([t('weight', [mid, 1, b.k, b.k])])], ['depthwise_norm', bn(mid)]])],
      ['squeeze_excite', module([], [['reduce', conv2d(mid, se, 1)], ['expand', conv2d(se, mid, 1)]])],
      ['projection', module([], [['project_conv', noBias(mid, b.fout, 1)], ['project_bn', bn(b.fout)]])],
    );
    return module([], children);
  });
  const last = blocks(v).at(-1)!.fout;
  return module([], [
    ['efficientnet', module([], [
      ['embeddings', module([], [['convolution', noBias(3, stem, 3)], ['batchnorm', bn(stem)]])],
      ['encoder', module([], [['blocks', indexed(hfBlocks)], ['top_conv', noBias(last, top, 1)], ['top_bn', bn(top)]])],
    ])],
    ['classifier', linear(top, 1000)],
  ]);
}

/**
 * The Keras model's variables as the script's tf_params lists them (trainable in layer order, then non-trainable), each
 * with the name rename_keys gives it and how replace_params turns its value into the PyTorch tensor.
 */
function efficientNetFamily(v: Variant): Family {
  const { width } = VARIANTS[v];
  const stem = roundFilters(32, width);
  const top = roundFilters(1280, width);
  const trainable: KeyEntry[] = [];
  const frozen: KeyEntry[] = [entry('normalization/mean:0', [3]), entry('normalization/variance:0', [3]), entry('normalization/count:0', [], 'int64')];
  const truth: Truth = { 'normalization/mean:0': null, 'normalization/variance:0': null, 'normalization/count:0': null };
  const recipes: Record<string, Recipe> = {};
  const reshaped: string[] = [];
  const transposed: string[] = [];
  /** a Conv2D kernel [kh, kw, in, out] (or a DepthwiseConv2D one [kh, kw, C, 1]) and what the script makes of it */
  const kernel = (name: string, shape: number[], to: string, dims: number[]): void => {
    trainable.push(entry(name, shape));
    truth[name] = to;
    recipes[to] = permuted(name, dims);
    reshaped.push(name);
  };
  /** a BatchNormalization: gamma, beta trainable; moving_mean, moving_variance not */
  const bn = (layer: string, c: number, to: string): void => {
    trainable.push(entry(`${layer}/gamma:0`, [c]), entry(`${layer}/beta:0`, [c]));
    frozen.push(entry(`${layer}/moving_mean:0`, [c]), entry(`${layer}/moving_variance:0`, [c]));
    truth[`${layer}/gamma:0`] = `${to}.weight`;
    truth[`${layer}/beta:0`] = `${to}.bias`;
    truth[`${layer}/moving_mean:0`] = `${to}.running_mean`;
    truth[`${layer}/moving_variance:0`] = `${to}.running_var`;
  };
  const conv = [3, 2, 0, 1];
  kernel('stem_conv/kernel:0', [3, 3, 3, stem], 'efficientnet.embeddings.convolution.weight', conv);
  bn('stem_bn', stem, 'efficientnet.embeddings.batchnorm');
  blocks(v).forEach((b, n) => {
    const hf = `efficientnet.encoder.blocks.${n}`;
    const mid = b.fin * b.expand;
    const se = Math.max(1, Math.floor(b.fin * 0.25));
    if (b.expand !== 1) {
      kernel(`${b.name}_expand_conv/kernel:0`, [1, 1, b.fin, mid], `${hf}.expansion.expand_conv.weight`, conv);
      bn(`${b.name}_expand_bn`, mid, `${hf}.expansion.expand_bn`);
    }
    kernel(`${b.name}_dwconv/depthwise_kernel:0`, [b.k, b.k, mid, 1], `${hf}.depthwise_conv.depthwise_conv.weight`, [2, 3, 0, 1]);
    bn(`${b.name}_bn`, mid, `${hf}.depthwise_conv.depthwise_norm`);
    // se_reduce / se_expand kernels hold no "_conv": np.transpose reverses all four axes, which for a 1×1 kernel is (3, 2, 0, 1)'s result
    for (const [layer, cin, cout, to] of [['se_reduce', mid, se, 'reduce'], ['se_expand', se, mid, 'expand']] as const) {
      kernel(`${b.name}_${layer}/kernel:0`, [1, 1, cin, cout], `${hf}.squeeze_excite.${to}.weight`, [3, 2, 1, 0]);
      trainable.push(entry(`${b.name}_${layer}/bias:0`, [cout]));
      truth[`${b.name}_${layer}/bias:0`] = `${hf}.squeeze_excite.${to}.bias`;
    }
    kernel(`${b.name}_project_conv/kernel:0`, [1, 1, mid, b.fout], `${hf}.projection.project_conv.weight`, conv);
    bn(`${b.name}_project_bn`, b.fout, `${hf}.projection.project_bn`);
  });
  kernel('top_conv/kernel:0', [1, 1, blocks(v).at(-1)!.fout, top], 'efficientnet.encoder.top_conv.weight', conv);
  bn('top_bn', top, 'efficientnet.encoder.top_bn');
  trainable.push(entry('predictions/kernel:0', [top, 1000]), entry('predictions/bias:0', [1000]));
  truth['predictions/kernel:0'] = 'classifier.weight';
  truth['predictions/bias:0'] = 'classifier.bias';
  recipes['classifier.weight'] = permuted('predictions/kernel:0', [1, 0]);
  transposed.push('predictions/kernel:0');
  const count = blocks(v).length;
  return {
    name: `efficientnet-${v}-keras-to-hf`,
    description: `Keras Applications EfficientNet${v.toUpperCase()} ImageNet weights (tf_params order: trainable variables by layer, then the non-trainable ones) → EfficientNetForImageClassification: ${count} blocks block{stage}{letter} (stage 1–7, letters a, b, …) numbered in sorted order into one flat efficientnet.encoder.blocks.0–${count - 1}, {expand_conv, expand_bn} → expansion.*, dwconv / bn → depthwise_conv.depthwise_conv / depthwise_norm, se_reduce / se_expand → squeeze_excite.reduce / expand, project_conv / project_bn → projection.*, stem_* → embeddings.convolution / batchnorm, top_* → encoder.top_*, predictions → classifier; BatchNorm gamma / beta / moving_mean / moving_variance → weight / bias / running_mean / running_var (four equal-shaped vectors a norm, the moving statistics listed after every trainable variable), conv kernels HWIO permuted to OIHW (1×1 kernels included), depthwise [k, k, C, 1] → [C, 1, k, k], the Dense kernel [${top}, 1000] transposed; the Normalization layer's mean / variance / count dropped; num_batches_tracked has no source.`,
    reference: `huggingface/transformers ${EFFNET_SCRIPT} rename_keys, replace_params (commit ${EFFNET_COMMIT}); keras-team/keras keras/applications/efficientnet.py (v2.11.0, the script's URL)`,
    url: `https://github.com/huggingface/transformers/blob/${EFFNET_COMMIT}/${EFFNET_SCRIPT}`,
    source: [...trainable, ...frozen],
    target: stateDict(hfEfficientNet(v), 'float32'),
    truth,
    recipes,
    reshaped,
    transposed,
    // rename_keys: 5 stem + 19 per block (templated on the sorted block number) + 5 top + 2 predictions; replace_params'
    // three kernel transforms (conv permute, depthwise permute, transpose) and the Normalization skip
    patterns: 35,
  };
}

export const efficientnetB0KerasToHF = (): Family => efficientNetFamily('b0');
export const efficientnetB1KerasToHF = (): Family => efficientNetFamily('b1');
export const efficientnetB2KerasToHF = (): Family => efficientNetFamily('b2');
export const efficientnetB3KerasToHF = (): Family => efficientNetFamily('b3');
export const efficientnetB4KerasToHF = (): Family => efficientNetFamily('b4');
export const efficientnetB5KerasToHF = (): Family => efficientNetFamily('b5');
export const efficientnetB6KerasToHF = (): Family => efficientNetFamily('b6');
export const efficientnetB7KerasToHF = (): Family => efficientNetFamily('b7');
