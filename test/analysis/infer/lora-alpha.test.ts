import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { NO_COUNTERPART_KEYS } from '../../../src/analysis/infer/causes.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

// review 12 F3: kohya-ss LoRA of a CLIP text encoder → diffusers/PEFT names (lora_down → lora_A, lora_up → lora_B)
const d = 32, r = 4, I = 128, L = 3;
const modules: [string, string, number, number][] = [
  ['self_attn_k_proj', 'self_attn.k_proj', d, d], ['self_attn_v_proj', 'self_attn.v_proj', d, d],
  ['self_attn_q_proj', 'self_attn.q_proj', d, d], ['self_attn_out_proj', 'self_attn.out_proj', d, d],
  ['mlp_fc1', 'mlp.fc1', d, I], ['mlp_fc2', 'mlp.fc2', I, d],
];
const kohya = (alpha: boolean) =>
  [...Array(L).keys()].flatMap((i) => modules.flatMap(([m, , fi, fo]) => [
    e(`lora_te_text_model_encoder_layers_${i}_${m}.lora_down.weight`, [r, fi]),
    e(`lora_te_text_model_encoder_layers_${i}_${m}.lora_up.weight`, [fo, r]),
    ...(alpha ? [e(`lora_te_text_model_encoder_layers_${i}_${m}.alpha`, [])] : []),
  ]));
const peft = [...Array(L).keys()].flatMap((i) => modules.flatMap(([, p, fi, fo]) => [
  e(`text_encoder.text_model.encoder.layers.${i}.${p}.lora_A.weight`, [r, fi]),
  e(`text_encoder.text_model.encoder.layers.${i}.${p}.lora_B.weight`, [fo, r]),
]));

describe('kohya LoRA alpha: the adapter scale goes into the adapter config, it is not a buffer to forget', () => {
  const res = inferPlan({ source: kohya(true), target: peft });

  test('the alphas are left out of the state dict with what they are and where their value goes', () => {
    const drops = res.ops.filter((o) => o.op === 'drop');
    expect(drops).toHaveLength(1);
    const reason = (drops[0] as { reason: string }).reason;
    expect(reason).toContain('LoRA alpha');
    expect(reason).toContain('lora_alpha');
    expect(reason).toContain('alpha_pattern');
    expect(reason).not.toMatch(/no counterpart in the model/);
    // and every factor still lands on its PEFT name
    for (const { key } of kohya(false)) {
      const m = /^lora_te_text_model_encoder_layers_(\d+)_(\w+?)\.lora_(down|up)\.weight$/.exec(key)!;
      const path = modules.find(([k]) => k === m[2])![1];
      expect(res.mapping[key]).toBe(`text_encoder.text_model.encoder.layers.${m[1]}.${path}.lora_${m[3] === 'down' ? 'A' : 'B'}.weight`);
    }
  });

  test("the cause never says to keep the model's (the model has none), and a warning says the scale must be set", () => {
    const cause = res.causes.find((c) => c.code === 'drop')!;
    expect(cause.message).not.toContain("keep the model's");
    expect(cause.message).toContain("adapter's config");
    expect(res.warnings.some((w) => /18 LoRA alphas .* adapter's scale .*lora_alpha/.test(w))).toBe(true);
    // a plain unexpected scalar that is no LoRA alpha keeps the plain words; the finding says what it is by its
    // keys' mark (plan/build.ts reads it, never the words), which the result's JSON does not carry
    const r2 = inferPlan({ source: [...kohya(false), e('extra_counter', [])], target: peft });
    const plain = r2.causes.find((c) => c.code === 'drop')!;
    expect(plain.message).toMatch(/no counterpart in the model.*keep the model's/);
    expect(plain[NO_COUNTERPART_KEYS]).toEqual(['extra_counter']);
    expect(cause[NO_COUNTERPART_KEYS]).toBeUndefined();
    expect(JSON.stringify(plain)).not.toMatch(/extra_counter"\]/);
    expect(r2.warnings.some((w) => w.includes('LoRA alpha'))).toBe(false);
  });

});

// review 12 F3: 144 one-key literal renames where the conversion has a handful of rules (issue 11: ops ≤ 2× the script's)
describe('a module path flattened with `_` (kohya) is renamed by rules, not key by key', () => {
  test('one head rule freeing the layer index, one unflattening per module name, one per factor', () => {
    const res = inferPlan({ source: kohya(false), target: peft });
    const renames = res.ops.filter((o) => o.op === 'rename') as { pattern: string; replacement: string }[];
    expect(renames[0]).toMatchObject({ pattern: '^lora_te_text_model_encoder_layers_(\\d+)_', replacement: 'text_encoder.text_model.encoder.layers.$1.' });
    expect(renames).toContainEqual(expect.objectContaining({ pattern: '(^|\\.)self_attn_out_proj\\.', replacement: '$1self_attn.out_proj.' }));
    expect(renames).toContainEqual(expect.objectContaining({ pattern: '(^|\\.)lora_down\\.', replacement: '$1lora_A.' }));
    // 1 head + 6 module names + lora_down/lora_up, whatever the number of layers
    expect(renames).toHaveLength(9);
    expect(res.leftover).toEqual([]);
  });
});
