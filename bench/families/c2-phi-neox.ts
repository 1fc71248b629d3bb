import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { torchvisionResNet } from './torchvision-models.js';
import { RuleTrace } from './rules.js';

type Truth = Record<string, string | string[] | null>;

/** ResNet-50 stage widths: (stage name, blocks, bottleneck width, output width) */
const R50_STAGES: [string, number, number, number][] = [['res2', 3, 64, 256], ['res3', 4, 128, 512], ['res4', 6, 256, 1024], ['res5', 3, 512, 2048]];

/**
 * Detectron's Caffe2 ImageNet R-50.pkl blob names (affine-channel BN: scale `_s` and bias `_b` only), in the
 * order the converter reads them (`sorted(weights.keys())`): conv1_w, res_conv1_bn_{s,b},
 * resS_B_branch{1,2a,2b,2c}_{w,bn_s,bn_b}, fc1000_{w,b}.
 */
function c2ResNet50(): KeyEntry[] {
  const out: KeyEntry[] = [];
  const conv = (name: string, o: number, i: number, k: number) => {
    out.push({ key: `${name}_w`, shape: [o, i, k, k], dtype: 'float32' });
    out.push({ key: `${name}_bn_s`, shape: [o], dtype: 'float32' }, { key: `${name}_bn_b`, shape: [o], dtype: 'float32' });
  };
  out.push({ key: 'conv1_w', shape: [64, 3, 7, 7], dtype: 'float32' });
  out.push({ key: 'res_conv1_bn_s', shape: [64], dtype: 'float32' }, { key: 'res_conv1_bn_b', shape: [64], dtype: 'float32' });
  let inCh = 64;
  for (const [s, n, w, o] of R50_STAGES) {
    for (let b = 0; b < n; b++) {
      const p = `${s}_${b}_`;
      if (b === 0) conv(`${p}branch1`, o, inCh, 1);
      conv(`${p}branch2a`, w, b === 0 ? inCh : o, 1);
      conv(`${p}branch2b`, w, w, 3);
      conv(`${p}branch2c`, o, w, 1);
    }
    inCh = o;
  }
  out.push({ key: 'fc1000_w', shape: [1000, 2048], dtype: 'float32' }, { key: 'fc1000_b', shape: [1000], dtype: 'float32' });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** detectron2 FrozenBatchNorm2d: buffers weight, bias, running_mean, running_var */
function frozenBN(c: number): Module {
  return module([t('weight', [c]), t('bias', [c]), t('running_mean', [c]), t('running_var', [c])]);
}

/** detectron2 Conv2d(bias=False, norm=FrozenBN) */
function d2Conv(o: number, i: number, k: number): Module {
  return module([t('weight', [o, i, k, k])], [['norm', frozenBN(o)]]);
}

/** detectron2 ResNet-50 backbone (build_resnet_backbone, no classifier): stem.conv1, res2-res5 BottleneckBlocks (shortcut, conv1-3) */
function d2ResNet50(): Module {
  const stages: [string, Module][] = [];
  let inCh = 64;
  for (const [s, n, w, o] of R50_STAGES) {
    stages.push([s, indexed(Array.from({ length: n }, (_, b) => {
      const children: [string, Module][] = [];
      if (b === 0) children.push(['shortcut', d2Conv(o, inCh, 1)]);
      children.push(['conv1', d2Conv(w, b === 0 ? inCh : o, 1)], ['conv2', d2Conv(w, w, 3)], ['conv3', d2Conv(o, w, 1)]);
      return module([], children);
    }))]);
    inCh = o;
  }
  return module([], [['stem', module([], [['conv1', d2Conv(64, 3, 7)]])], ...stages]);
}

/** detectron2/checkpoint/c2_model_loading.py convert_basic_c2_names, the rules that fire on a ResNet, in order */
function d2Name(key: string): RuleTrace {
  return new RuleTrace(key)
    .replace('_', '.')
    .step('.b$', (k) => k.replace(/\.b$/, '.bias'))
    .step('.w$', (k) => k.replace(/\.w$/, '.weight'))
    .step('bn.s$', (k) => k.replace(/bn\.s$/, 'norm.weight'))
    .step('bn.bias$', (k) => k.replace(/bn\.bias$/, 'norm.bias'))
    .step('res.conv1.norm', (k) => k.replace(/^res\.conv1\.norm\./, 'conv1.norm.'))
    .step('stem', (k) => k.replace(/^conv1\./, 'stem.conv1.'))
    .replace('.branch1.', '.shortcut.')
    .replace('.branch2a.', '.conv1.')
    .replace('.branch2b.', '.conv2.')
    .replace('.branch2c.', '.conv3.');
}

/** A C2 ResNet-50 blob-name family: `rename` is the reference's rules, fc1000 is dropped. */
function c2Family(rename: (key: string) => RuleTrace, target: Module, about: Omit<Family, 'source' | 'target' | 'truth' | 'patterns'>): Family {
  const source = c2ResNet50();
  const truth: Truth = {};
  const used = new Set<string>();
  for (const { key } of source) {
    if (key.startsWith('fc1000')) { truth[key] = null; continue; }
    const r = rename(key);
    truth[key] = r.key;
    for (const x of r.rules) used.add(x);
  }
  // the rules that fired, and fc1000's drop
  return { ...about, source, target: stateDict(target, 'float32'), truth, patterns: used.size + 1 };
}

export function c2ResNetToDetectron2(): Family {
  return c2Family(d2Name, d2ResNet50(), {
    name: 'c2-resnet50-to-detectron2',
    description: 'Caffe2 Detectron ImageNet R-50.pkl blob names (underscore-joined, sorted) → detectron2 ResNet-50 backbone: `_` → `.`, `_w`/`_b` → weight/bias, affine-channel bn_s/bn_b → norm.weight/norm.bias, conv1 → stem.conv1, branch1/2a/2b/2c → shortcut/conv1/conv2/conv3, fc1000 dropped. The FrozenBN running_mean/var have no source (detectron2 keeps their initial values).',
    reference: 'facebookresearch/detectron2 detectron2/checkpoint/c2_model_loading.py convert_basic_c2_names',
    url: 'https://github.com/facebookresearch/detectron2/blob/main/detectron2/checkpoint/c2_model_loading.py',
  });
}
/** microsoft/phi-1_5 (original MixFormer checkpoint): 24 layers, hidden 2048, 32 heads, ffn 8192, vocab 51200 (padded), rotary dim 32 */
const PHI_1_5 = { layers: 24, d: 2048, ffn: 8192, vocab: 51200, rotary: 32 };

/**
 * MixFormerSequentialForCausalLM: one flat `layers` Sequential — layers.0 Embedding (wte), layers.1-24
 * ParallelBlock (ln, mixer: rotary_emb.inv_freq buffer, Wqkv, out_proj; mlp: fc1, fc2), layers.25
 * CausalLMHead (ln, linear).
 */
function mixformer(c: typeof PHI_1_5): Module {
  const block = (): Module => module([], [
    ['ln', affineNorm(c.d)],
    ['mixer', module([], [['rotary_emb', module([t('inv_freq', [c.rotary / 2])])], ['Wqkv', linear(c.d, 3 * c.d)], ['out_proj', linear(c.d, c.d)]])],
    ['mlp', module([], [['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)]])],
  ]);
  return module([], [['layers', indexed([
    module([], [['wte', embedding(c.vocab, c.d)]]),
    ...Array.from({ length: c.layers }, block),
    module([], [['ln', affineNorm(c.d)], ['linear', linear(c.d, c.vocab)]]),
  ])]]);
}

/** transformers PhiForCausalLM as the conversion script targets it: model.embed_tokens, model.layers.N (input_layernorm, self_attn.query_key_value/dense, mlp.fc1/fc2), model.final_layernorm, lm_head */
function hfPhiDev(c: typeof PHI_1_5): Module {
  const layer = (): Module => module([], [
    ['self_attn', module([], [['query_key_value', linear(c.d, 3 * c.d)], ['dense', linear(c.d, c.d)]])],
    ['mlp', module([], [['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)]])],
    ['input_layernorm', affineNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['final_layernorm', affineNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab)],
  ]);
}

export function phiMixformerToHF(): Family {
  const c = PHI_1_5;
  const source = stateDict(mixformer(c), 'float16');
  const target = stateDict(hfPhiDev(c), 'float32');
  // convert_phi_weights_to_hf.py PHI_MAPPING, extended with layers.{1..24}. → layers.{0..23}.; applied in dict order
  const mapping: [string, string][] = [
    ['layers.0.wte.weight', 'model.embed_tokens.weight'],
    [`layers.${c.layers + 1}.linear.bias`, 'lm_head.bias'],
    [`layers.${c.layers + 1}.linear.weight`, 'lm_head.weight'],
    [`layers.${c.layers + 1}.ln.bias`, 'model.final_layernorm.bias'],
    [`layers.${c.layers + 1}.ln.weight`, 'model.final_layernorm.weight'],
    ['layers', 'model.layers'],
    ['ln', 'input_layernorm'],
    ['mixer', 'self_attn'],
    ['Wqkv', 'query_key_value'],
    ['out_proj', 'dense'],
    ...Array.from({ length: c.layers }, (_, i) => [`layers.${i + 1}.`, `layers.${i}.`] as [string, string]),
  ];
  const truth: Truth = {};
  for (const { key } of [...source].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (key.includes('rotary_emb')) { truth[key] = null; continue; }
    let k = key;
    for (const [a, b] of mapping) if (k.includes(a)) k = k.split(a).join(b);
    truth[key] = k;
  }
  return {
    name: 'phi-1_5-mixformer-to-hf',
    description: 'microsoft/phi-1_5 original MixFormer checkpoint → transformers PhiForCausalLM (the layout the conversion script targets: query_key_value + dense): one flat layers.0-25 list where layers.0 is the embedding, layers.1-24 the blocks (→ model.layers.0-23, index − 1) and layers.25 the head (→ model.final_layernorm + lm_head); ln → input_layernorm, mixer → self_attn, Wqkv → query_key_value (rows reordered per head in place: same shape), out_proj → dense, rotary inv_freq buffers dropped.',
    reference: 'huggingface/transformers src/transformers/models/phi/convert_phi_weights_to_hf.py PHI_MAPPING and convert_weights',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/phi/convert_phi_weights_to_hf.py',
    source,
    target,
    truth,
    // wte, lm_head (weight, bias), final_layernorm (weight, bias), layers prefix, ln, mixer, Wqkv, out_proj, index − 1, rotary skip
    patterns: 12,
  };
}

/** EleutherAI/pythia-410m (GPTNeoX: 24 layers, 1024, ffn 4096, vocab 50304, 16 heads, rotary_pct 0.25, 2048 positions) */
const PYTHIA_410M = { layers: 24, d: 1024, ffn: 4096, vocab: 50304, heads: 16, rotaryPct: 0.25, positions: 2048 };

/**
 * transformers GPTNeoXForCausalLM as the Pythia checkpoints were saved: gpt_neox.embed_in, layers.N
 * (input_layernorm, post_attention_layernorm, attention: bias/masked_bias buffers, rotary_emb.inv_freq,
 * query_key_value, dense; mlp dense_h_to_4h / dense_4h_to_h), final_layer_norm, embed_out.
 */
function hfGPTNeoX(c: typeof PYTHIA_410M): Module {
  const rot = (c.d / c.heads) * c.rotaryPct;
  const layer = (): Module => module([], [
    ['input_layernorm', affineNorm(c.d)],
    ['post_attention_layernorm', affineNorm(c.d)],
    ['attention', module([t('bias', [1, 1, c.positions, c.positions], 'bool'), t('masked_bias', [])], [
      ['rotary_emb', module([t('inv_freq', [rot / 2])])], ['query_key_value', linear(c.d, 3 * c.d)], ['dense', linear(c.d, c.d)],
    ])],
    ['mlp', module([], [['dense_h_to_4h', linear(c.d, c.ffn)], ['dense_4h_to_h', linear(c.ffn, c.d)]])],
  ]);
  return module([], [
    ['gpt_neox', module([], [['embed_in', embedding(c.vocab, c.d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['final_layer_norm', affineNorm(c.d)]])],
    ['embed_out', linear(c.d, c.vocab, false)],
  ]);
}

/** gguf-py/gguf/tensor_mapping.py entries for GPT-NeoX names */
const NEOX_GGUF: [RegExp, string][] = [
  [/^gpt_neox\.embed_in\./, 'token_embd.'],
  [/^gpt_neox\.layers\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^gpt_neox\.layers\.(\d+)\.post_attention_layernorm\./, 'blk.$1.ffn_norm.'],
  [/^gpt_neox\.layers\.(\d+)\.attention\.query_key_value\./, 'blk.$1.attn_qkv.'],
  [/^gpt_neox\.layers\.(\d+)\.attention\.dense\./, 'blk.$1.attn_output.'],
  [/^gpt_neox\.layers\.(\d+)\.mlp\.dense_h_to_4h\./, 'blk.$1.ffn_up.'],
  [/^gpt_neox\.layers\.(\d+)\.mlp\.dense_4h_to_h\./, 'blk.$1.ffn_down.'],
  [/^gpt_neox\.final_layer_norm\./, 'output_norm.'],
  [/^embed_out\./, 'output.'],
];

export function gptNeoXToGGUF(): Family {
  const source = stateDict(hfGPTNeoX(PYTHIA_410M), 'float16');
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    // convert_hf_to_gguf.py skips these buffers (ModelBase.modify_tensors / GPTNeoXModel)
    if (/\.attention\.(bias|masked_bias)$|\.rotary_emb\.inv_freq$/.test(e.key)) { truth[e.key] = null; continue; }
    const rule = NEOX_GGUF.find(([re]) => re.test(e.key))!;
    const name = e.key.replace(rule[0], rule[1]);
    truth[e.key] = name;
    target.push({ ...e, key: name });
  }
  return {
    name: 'gpt-neox-hf-to-gguf-names',
    description: 'Pythia-410m transformers GPTNeoX checkpoint → llama.cpp GGUF tensor names (token_embd, blk.N.attn_norm/ffn_norm/attn_qkv/attn_output/ffn_up/ffn_down, output_norm, output), the causal-mask bias, masked_bias and rotary inv_freq buffers dropped; the fused qkv stays fused (its rows are regrouped per head in place: same shape).',
    reference: 'ggml-org/llama.cpp gguf-py/gguf/tensor_mapping.py (TensorNameMap, MODEL_ARCH.GPTNEOX) and convert_hf_to_gguf.py GPTNeoXModel',
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/gguf-py/gguf/tensor_mapping.py',
    source,
    target,
    truth,
    // 9 names + 3 skipped buffers
    patterns: 12,
  };
}

/** maskrcnn-benchmark c2_model_loading.py _rename_basic_resnet_weights: C2 blob names → torchvision ResNet names, rule by rule */
function torchvisionName(key: string): RuleTrace {
  const r = new RuleTrace(key);
  for (const [a, b] of [['_', '.'], ['.w', '.weight'], ['.bn', '_bn'], ['.b', '.bias'], ['_bn.s', '_bn.scale'], ['.biasranch', '.branch'], ['res.conv1_', 'conv1_'], ['_bn.scale', '_bn.weight'], ['conv1_bn.', 'bn1.']]) r.replace(a!, b!);
  for (let s = 2; s <= 5; s++) r.replace(`res${s}.`, `layer${s - 1}.`);
  for (const [a, b] of [['.branch2a.', '.conv1.'], ['.branch2a_bn.', '.bn1.'], ['.branch2b.', '.conv2.'], ['.branch2b_bn.', '.bn2.'], ['.branch2c.', '.conv3.'], ['.branch2c_bn.', '.bn3.'], ['.branch1.', '.downsample.0.'], ['.branch1_bn.', '.downsample.1.']]) r.replace(a!, b!);
  return r;
}

export function c2ResNetToTorchvision(): Family {
  return c2Family(torchvisionName, torchvisionResNet(50), {
    name: 'c2-resnet50-to-torchvision',
    description: 'Caffe2 Detectron ImageNet R-50.pkl blob names → torchvision ResNet-50 names: `_` → `.`, _w/_b → weight/bias, affine-channel bn_s/bn_b → bnN.weight/bias, res2-5 → layer1-4 (index − 1 inside a name), branch2a/b/c → conv1-3 with their bn1-3, branch1 → downsample.0 and its bn → downsample.1, res_conv1_bn → bn1; fc1000 dropped (the script leaves the model\'s fc untouched; running statistics have no source).',
    reference: 'facebookresearch/maskrcnn-benchmark maskrcnn_benchmark/utils/c2_model_loading.py _rename_basic_resnet_weights',
    url: 'https://github.com/facebookresearch/maskrcnn-benchmark/blob/main/maskrcnn_benchmark/utils/c2_model_loading.py',
  });
}
