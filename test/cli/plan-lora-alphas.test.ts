import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * A kohya-ss LoRA's alphas are its scale (alpha / rank); the plan leaves them out of the state dict and
 * says they belong in the adapter's config. It now prints their values, read from the file (one element
 * each), as the config takes them: LoraConfig(lora_alpha=the most common value, alpha_pattern={module:
 * value} where a module's differs), the modules in the target's names. Real torch writes the LoRA (alphas
 * in float16, bfloat16 and float32, as kohya saves them in the training dtype) and judges the values printed.
 */

const SAVE = `
import collections, sys, torch
torch.manual_seed(0)
d, r, L = 8, 4, 3
MODS = [('self_attn_q_proj', 'self_attn.q_proj'), ('self_attn_k_proj', 'self_attn.k_proj'), ('mlp_fc1', 'mlp.fc1')]
src, tgt = collections.OrderedDict(), collections.OrderedDict()
for i in range(L):
    for m, p in MODS:
        b = f'lora_te_text_model_encoder_layers_{i}_{m}'
        src[b + '.lora_down.weight'] = torch.randn(r, d); src[b + '.lora_up.weight'] = torch.randn(d, r)
        # 8 in float16 nearly everywhere; layer 1's fc1 4 (bfloat16), layer 2's q_proj 16 (float32)
        alpha = {(1, 'mlp_fc1'): (4.0, torch.bfloat16), (2, 'self_attn_q_proj'): (16.0, torch.float32)}.get((i, m), (8.0, torch.float16))
        src[b + '.alpha'] = torch.tensor(alpha[0], dtype=alpha[1])
        t = f'text_encoder.text_model.encoder.layers.{i}.{p}'
        tgt[t + '.lora_A.weight'] = torch.zeros(r, d); tgt[t + '.lora_B.weight'] = torch.zeros(d, r)
torch.save(src, sys.argv[1]); torch.save(tgt, sys.argv[2])
# torch's own error for loading the LoRA into a model of the target's keys (explain's input)
root = torch.nn.Module()
for k, v in tgt.items():
    *path, leaf = k.split('.')
    m = root
    for p in path:
        if not hasattr(m, p): m.add_module(p, torch.nn.Module())
        m = getattr(m, p)
    m.register_parameter(leaf, torch.nn.Parameter(v))
try:
    root.load_state_dict(src); raise SystemExit('loaded: no error')
except RuntimeError as e:
    open(sys.argv[3], 'w').write(str(e) + '\\n')
`;

describeWithTorch('plan prints a kohya LoRA\'s alpha values for the adapter config (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('lora-alphas');
    runPython(SAVE, [at('lora.pt'), at('tgt.pt'), at('err.txt')]);
  });
  afterAll(() => tmp.cleanup());

  it('LoraConfig(lora_alpha=the most common, alpha_pattern where modules differ), grouped; torch agrees on every value', async () => {
    const r = await runCli(['plan', at('lora.pt'), at('tgt.pt')]);
    expect(r.stderr).toBe('');
    const m = /^\s+LoraConfig\(lora_alpha=([^,)]+)(?:, alpha_pattern=(\{[^}]*\}))?\)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![1]).toBe('8');
    const pattern = JSON.parse(m![2]!) as Record<string, number>;
    expect(pattern).toEqual({ 'text_encoder.text_model.encoder.layers.1.mlp.fc1': 4, 'text_encoder.text_model.encoder.layers.2.self_attn.q_proj': 16 });
    // grouped: one line per value, the common one first, with its modules
    expect(r.stdout).toMatch(/read from the checkpoint \(9 one-element tensors, nothing else\)/);
    expect(r.stdout).toMatch(/^\s+8: 7 modules \(lora_alpha\): /m);
    expect(r.stdout).toMatch(/^\s+4: 1 module \(alpha_pattern\): text_encoder\.text_model\.encoder\.layers\.1\.mlp\.fc1$/m);
    // torch: each module's alpha in the file is the value the config line gives it
    const modules = ['self_attn.q_proj', 'self_attn.k_proj', 'mlp.fc1'];
    const said = runPython(`import torch, sys, json
src, alpha, pattern, mods = torch.load(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
bad = []
for i in range(3):
    for p in mods:
        name = f'text_encoder.text_model.encoder.layers.{i}.{p}'
        want = src[f'lora_te_text_model_encoder_layers_{i}_{p.replace(".", "_")}.alpha'].item()
        if pattern.get(name, alpha) != want: bad.append(name)
print(json.dumps(bad))`, [at('lora.pt'), m![1]!, m![2]!, JSON.stringify(modules)]);
    expect(JSON.parse(said)).toEqual([]);
  });

  it('plan --json gives the same values (document version 2), and torch agrees on every one', async () => {
    const r = await runCli(['plan', at('lora.pt'), at('tgt.pt'), '--json']);
    const json = JSON.parse(r.stdout) as { version: number; adapterAlphas: { read: number; loraAlpha: number; alphaPattern: Record<string, number>; groups: { value: number; modules: string[] }[]; unknown: string[] } | null };
    expect(json.version).toBe(2);
    const a = json.adapterAlphas!;
    expect(a, r.stdout.slice(0, 400)).not.toBeNull();
    expect([a.read, a.loraAlpha, a.unknown]).toEqual([9, 8, []]);
    expect(a.alphaPattern).toEqual({ 'text_encoder.text_model.encoder.layers.1.mlp.fc1': 4, 'text_encoder.text_model.encoder.layers.2.self_attn.q_proj': 16 });
    expect(a.groups.map((g) => [g.value, g.modules.length])).toEqual([[8, 7], [4, 1], [16, 1]]);
    const said = runPython(`import torch, sys, json
src, a = torch.load(sys.argv[1]), json.loads(sys.argv[2])
bad = []
for g in a['groups']:
    for name in g['modules']:
        i, p = name.split('layers.')[1].split('.', 1)
        want = src[f'lora_te_text_model_encoder_layers_{i}_{p.replace(".", "_")}.alpha'].item()
        if a['alphaPattern'].get(name, a['loraAlpha']) != want or g['value'] != want: bad.append(name)
print(json.dumps(bad))`, [at('lora.pt'), JSON.stringify(a)]);
    expect(JSON.parse(said)).toEqual([]);
  });

  it('explain --json carries the field too (the same document): null where its plan leaves no alpha out', async () => {
    // torch's error lists the model's keys by name only: from it, no kohya → PEFT pairing is made, so no alpha is left out
    const r = await runCli(['explain', at('lora.pt'), at('err.txt'), '--json']);
    const json = JSON.parse(r.stdout) as { version: number; adapterAlphas: unknown; plan: { mapping: Record<string, unknown> } };
    expect(json.version).toBe(2);
    expect(Object.entries(json.plan.mapping).filter(([k, v]) => k.endsWith('.alpha') && v === null)).toEqual([]);
    expect(json.adapterAlphas).toBeNull();
  });
});
