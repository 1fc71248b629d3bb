/**
 * Hand-written state-dict layouts with real key names and shapes, for inference tests.
 * Each returns KeyEntry lists in state_dict order, as PyTorch would list them.
 */
import type { KeyEntry } from '../../../src/formats/keys.js';
import type { DType } from '../../../src/formats/dtype.js';

export function e(key: string, shape: number[] | null, dtype: DType | null = 'float32'): KeyEntry {
  return { key, shape, dtype };
}

function bn(prefix: string, c: number): KeyEntry[] {
  return [e(`${prefix}.weight`, [c]), e(`${prefix}.bias`, [c]), e(`${prefix}.running_mean`, [c]), e(`${prefix}.running_var`, [c]), e(`${prefix}.num_batches_tracked`, [], 'int64')];
}

/** torchvision resnet18 */
export function resnet18(classes = 1000): KeyEntry[] {
  const out: KeyEntry[] = [e('conv1.weight', [64, 3, 7, 7]), ...bn('bn1', 64)];
  const widths = [64, 128, 256, 512];
  let inC = 64;
  widths.forEach((w, s) => {
    for (let b = 0; b < 2; b++) {
      const p = `layer${s + 1}.${b}`;
      const cin = b === 0 ? inC : w;
      out.push(e(`${p}.conv1.weight`, [w, cin, 3, 3]), ...bn(`${p}.bn1`, w), e(`${p}.conv2.weight`, [w, w, 3, 3]), ...bn(`${p}.bn2`, w));
      if (b === 0 && s > 0) out.push(e(`${p}.downsample.0.weight`, [w, cin, 1, 1]), ...bn(`${p}.downsample.1`, w));
    }
    inC = w;
  });
  out.push(e('fc.weight', [classes, 512]), e('fc.bias', [classes]));
  return out;
}

/** timm vit_tiny_patch16_224 (depth reduced) */
export function timmVit(classes = 1000, depth = 3, dim = 192, tokens = 197): KeyEntry[] {
  const out: KeyEntry[] = [e('cls_token', [1, 1, dim]), e('pos_embed', [1, tokens, dim]), e('patch_embed.proj.weight', [dim, 3, 16, 16]), e('patch_embed.proj.bias', [dim])];
  for (let i = 0; i < depth; i++) {
    const p = `blocks.${i}`;
    out.push(
      e(`${p}.norm1.weight`, [dim]), e(`${p}.norm1.bias`, [dim]),
      e(`${p}.attn.qkv.weight`, [3 * dim, dim]), e(`${p}.attn.qkv.bias`, [3 * dim]),
      e(`${p}.attn.proj.weight`, [dim, dim]), e(`${p}.attn.proj.bias`, [dim]),
      e(`${p}.norm2.weight`, [dim]), e(`${p}.norm2.bias`, [dim]),
      e(`${p}.mlp.fc1.weight`, [4 * dim, dim]), e(`${p}.mlp.fc1.bias`, [4 * dim]),
      e(`${p}.mlp.fc2.weight`, [dim, 4 * dim]), e(`${p}.mlp.fc2.bias`, [dim]),
    );
  }
  out.push(e('norm.weight', [dim]), e('norm.bias', [dim]), e('head.weight', [classes, dim]), e('head.bias', [classes]));
  return out;
}

/** transformers ViTForImageClassification (depth reduced): query/key/value kept apart */
export function hfVit(classes = 1000, depth = 3, dim = 192, tokens = 197): KeyEntry[] {
  const out: KeyEntry[] = [e('vit.embeddings.cls_token', [1, 1, dim]), e('vit.embeddings.position_embeddings', [1, tokens, dim]), e('vit.embeddings.patch_embeddings.projection.weight', [dim, 3, 16, 16]), e('vit.embeddings.patch_embeddings.projection.bias', [dim])];
  for (let i = 0; i < depth; i++) {
    const p = `vit.encoder.layer.${i}`;
    out.push(
      e(`${p}.attention.attention.query.weight`, [dim, dim]), e(`${p}.attention.attention.query.bias`, [dim]),
      e(`${p}.attention.attention.key.weight`, [dim, dim]), e(`${p}.attention.attention.key.bias`, [dim]),
      e(`${p}.attention.attention.value.weight`, [dim, dim]), e(`${p}.attention.attention.value.bias`, [dim]),
      e(`${p}.attention.output.dense.weight`, [dim, dim]), e(`${p}.attention.output.dense.bias`, [dim]),
      e(`${p}.intermediate.dense.weight`, [4 * dim, dim]), e(`${p}.intermediate.dense.bias`, [4 * dim]),
      e(`${p}.output.dense.weight`, [dim, 4 * dim]), e(`${p}.output.dense.bias`, [dim]),
      e(`${p}.layernorm_before.weight`, [dim]), e(`${p}.layernorm_before.bias`, [dim]),
      e(`${p}.layernorm_after.weight`, [dim]), e(`${p}.layernorm_after.bias`, [dim]),
    );
  }
  out.push(e('vit.layernorm.weight', [dim]), e('vit.layernorm.bias', [dim]), e('classifier.weight', [classes, dim]), e('classifier.bias', [classes]));
  return out;
}

const LLAMA = { dim: 4096, ffn: 11008, vocab: 32000 };

/** Meta's original Llama-2-7B consolidated.00.pth, first `layers` layers */
export function metaLlama(layers = 2): KeyEntry[] {
  const { dim, ffn, vocab } = LLAMA;
  const out: KeyEntry[] = [e('tok_embeddings.weight', [vocab, dim], 'bfloat16')];
  for (let i = 0; i < layers; i++) {
    const p = `layers.${i}`;
    out.push(
      e(`${p}.attention.wq.weight`, [dim, dim], 'bfloat16'), e(`${p}.attention.wk.weight`, [dim, dim], 'bfloat16'),
      e(`${p}.attention.wv.weight`, [dim, dim], 'bfloat16'), e(`${p}.attention.wo.weight`, [dim, dim], 'bfloat16'),
      e(`${p}.feed_forward.w1.weight`, [ffn, dim], 'bfloat16'), e(`${p}.feed_forward.w2.weight`, [dim, ffn], 'bfloat16'),
      e(`${p}.feed_forward.w3.weight`, [ffn, dim], 'bfloat16'),
      e(`${p}.attention_norm.weight`, [dim], 'bfloat16'), e(`${p}.ffn_norm.weight`, [dim], 'bfloat16'),
    );
  }
  out.push(e('norm.weight', [dim], 'bfloat16'), e('output.weight', [vocab, dim], 'bfloat16'), e('rope.freqs', [64], 'bfloat16'));
  return out;
}

/** transformers LlamaForCausalLM state_dict for the same model */
export function hfLlama(layers = 2): KeyEntry[] {
  const { dim, ffn, vocab } = LLAMA;
  const out: KeyEntry[] = [e('model.embed_tokens.weight', [vocab, dim])];
  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}`;
    out.push(
      e(`${p}.self_attn.q_proj.weight`, [dim, dim]), e(`${p}.self_attn.k_proj.weight`, [dim, dim]),
      e(`${p}.self_attn.v_proj.weight`, [dim, dim]), e(`${p}.self_attn.o_proj.weight`, [dim, dim]),
      e(`${p}.mlp.gate_proj.weight`, [ffn, dim]), e(`${p}.mlp.up_proj.weight`, [ffn, dim]), e(`${p}.mlp.down_proj.weight`, [dim, ffn]),
      e(`${p}.input_layernorm.weight`, [dim]), e(`${p}.post_attention_layernorm.weight`, [dim]),
    );
  }
  out.push(e('model.norm.weight', [dim]), e('lm_head.weight', [vocab, dim]));
  return out;
}

/** The Meta → HF correspondence, written out by hand (what convert_llama_weights_to_hf does). */
export function llamaTruth(layers = 2): Record<string, string> {
  const t: Record<string, string> = { 'tok_embeddings.weight': 'model.embed_tokens.weight', 'norm.weight': 'model.norm.weight', 'output.weight': 'lm_head.weight' };
  const names: [string, string][] = [
    ['attention.wq', 'self_attn.q_proj'], ['attention.wk', 'self_attn.k_proj'], ['attention.wv', 'self_attn.v_proj'], ['attention.wo', 'self_attn.o_proj'],
    ['feed_forward.w1', 'mlp.gate_proj'], ['feed_forward.w2', 'mlp.down_proj'], ['feed_forward.w3', 'mlp.up_proj'],
    ['attention_norm', 'input_layernorm'], ['ffn_norm', 'post_attention_layernorm'],
  ];
  for (let i = 0; i < layers; i++) for (const [a, b] of names) t[`layers.${i}.${a}.weight`] = `model.layers.${i}.${b}.weight`;
  return t;
}

/** transformers GPT2LMHeadModel (Conv1D weights [in, out]), first `layers` layers */
export function hfGpt2(layers = 2, dim = 768): KeyEntry[] {
  const out: KeyEntry[] = [e('transformer.wte.weight', [50257, dim]), e('transformer.wpe.weight', [1024, dim])];
  for (let i = 0; i < layers; i++) {
    const p = `transformer.h.${i}`;
    out.push(
      e(`${p}.ln_1.weight`, [dim]), e(`${p}.ln_1.bias`, [dim]),
      e(`${p}.attn.bias`, [1, 1, 1024, 1024], 'bool'),
      e(`${p}.attn.c_attn.weight`, [dim, 3 * dim]), e(`${p}.attn.c_attn.bias`, [3 * dim]),
      e(`${p}.attn.c_proj.weight`, [dim, dim]), e(`${p}.attn.c_proj.bias`, [dim]),
      e(`${p}.ln_2.weight`, [dim]), e(`${p}.ln_2.bias`, [dim]),
      e(`${p}.mlp.c_fc.weight`, [dim, 4 * dim]), e(`${p}.mlp.c_fc.bias`, [4 * dim]),
      e(`${p}.mlp.c_proj.weight`, [4 * dim, dim]), e(`${p}.mlp.c_proj.bias`, [dim]),
    );
  }
  out.push(e('transformer.ln_f.weight', [dim]), e('transformer.ln_f.bias', [dim]), e('lm_head.weight', [50257, dim]));
  return out;
}

/** nanoGPT's GPT with nn.Linear (weights [out, in]) and no attn.bias buffer */
export function nanoGpt(layers = 2, dim = 768): KeyEntry[] {
  const out: KeyEntry[] = [e('transformer.wte.weight', [50257, dim]), e('transformer.wpe.weight', [1024, dim])];
  for (let i = 0; i < layers; i++) {
    const p = `transformer.h.${i}`;
    out.push(
      e(`${p}.ln_1.weight`, [dim]), e(`${p}.ln_1.bias`, [dim]),
      e(`${p}.attn.c_attn.weight`, [3 * dim, dim]), e(`${p}.attn.c_attn.bias`, [3 * dim]),
      e(`${p}.attn.c_proj.weight`, [dim, dim]), e(`${p}.attn.c_proj.bias`, [dim]),
      e(`${p}.ln_2.weight`, [dim]), e(`${p}.ln_2.bias`, [dim]),
      e(`${p}.mlp.c_fc.weight`, [4 * dim, dim]), e(`${p}.mlp.c_fc.bias`, [4 * dim]),
      e(`${p}.mlp.c_proj.weight`, [dim, 4 * dim]), e(`${p}.mlp.c_proj.bias`, [dim]),
    );
  }
  out.push(e('transformer.ln_f.weight', [dim]), e('transformer.ln_f.bias', [dim]), e('lm_head.weight', [50257, dim]));
  return out;
}

/** nn.TransformerEncoderLayer stack (fused in_proj) */
export function torchMha(layers = 2, dim = 256): KeyEntry[] {
  const out: KeyEntry[] = [];
  for (let i = 0; i < layers; i++) {
    const p = `encoder.layers.${i}`;
    out.push(
      e(`${p}.self_attn.in_proj_weight`, [3 * dim, dim]), e(`${p}.self_attn.in_proj_bias`, [3 * dim]),
      e(`${p}.self_attn.out_proj.weight`, [dim, dim]), e(`${p}.self_attn.out_proj.bias`, [dim]),
      e(`${p}.linear1.weight`, [4 * dim, dim]), e(`${p}.linear1.bias`, [4 * dim]),
      e(`${p}.linear2.weight`, [dim, 4 * dim]), e(`${p}.linear2.bias`, [dim]),
      e(`${p}.norm1.weight`, [dim]), e(`${p}.norm1.bias`, [dim]), e(`${p}.norm2.weight`, [dim]), e(`${p}.norm2.bias`, [dim]),
    );
  }
  return out;
}

/** the same layers with separate q/k/v projections */
export function splitMha(layers = 2, dim = 256): KeyEntry[] {
  const out: KeyEntry[] = [];
  for (let i = 0; i < layers; i++) {
    const p = `encoder.layers.${i}`;
    out.push(
      e(`${p}.self_attn.q_proj.weight`, [dim, dim]), e(`${p}.self_attn.q_proj.bias`, [dim]),
      e(`${p}.self_attn.k_proj.weight`, [dim, dim]), e(`${p}.self_attn.k_proj.bias`, [dim]),
      e(`${p}.self_attn.v_proj.weight`, [dim, dim]), e(`${p}.self_attn.v_proj.bias`, [dim]),
      e(`${p}.self_attn.out_proj.weight`, [dim, dim]), e(`${p}.self_attn.out_proj.bias`, [dim]),
      e(`${p}.linear1.weight`, [4 * dim, dim]), e(`${p}.linear1.bias`, [4 * dim]),
      e(`${p}.linear2.weight`, [dim, 4 * dim]), e(`${p}.linear2.bias`, [dim]),
      e(`${p}.norm1.weight`, [dim]), e(`${p}.norm1.bias`, [dim]), e(`${p}.norm2.weight`, [dim]), e(`${p}.norm2.bias`, [dim]),
    );
  }
  return out;
}

export function withPrefix(prefix: string, entries: KeyEntry[]): KeyEntry[] {
  return entries.map((x) => ({ ...x, key: prefix + x.key }));
}
