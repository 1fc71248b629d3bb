import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './capture-main.js';

/**
 * s19-verify on review 18 F6's mend: a baseline manifest written before manifests recorded module classes
 * (no `modules`) against a current one that records GPT-2's square `attn.c_attn` / `c_proj` as Linear. Inference
 * pairs them as stored and lists them "values unverified: transpose?" (Ambiguity.loadsAsStored), yet check's
 * headline said "compatible — old checkpoints load as they are", `passed: true`, exit 0, and --plan-out wrote an
 * empty plan; in torch the old checkpoint loaded as it is had 4 of 25 tensors transposed. A pair nothing decided
 * cannot be called compatible: it is a change that fails closed.
 */

const dir = mkdtempSync(join(tmpdir(), 'sdm-check-undecided-'));
const tensors = (extra: string) => {
  const rows: string[] = [];
  for (const i of [0, 1]) {
    rows.push(`"h.${i}.attn.c_attn.weight": {"shape": [16, 16], "dtype": "float32"}`, `"h.${i}.attn.c_attn.bias": {"shape": [16], "dtype": "float32"}`);
    rows.push(`"h.${i}.attn.c_proj.weight": {"shape": [16, 16], "dtype": "float32"}`, `"h.${i}.attn.c_proj.bias": {"shape": [16], "dtype": "float32"}`);
    rows.push(`"h.${i}.mlp.c_fc.weight": {"shape": [16, 64], "dtype": "float32"}`, `"h.${i}.mlp.c_fc.bias": {"shape": [64], "dtype": "float32"}`);
  }
  return `{"format": "sdmatch-manifest", "version": 1, "tensors": {${rows.join(', ')}}${extra}}\n`;
};
const linear = ['0', '1'].flatMap((i) => [`"h.${i}.attn.c_attn": "Linear"`, `"h.${i}.attn.c_proj": "Linear"`, `"h.${i}.mlp.c_fc": "Conv1D"`]).join(', ');
writeFileSync(join(dir, 'old.json'), tensors(''));
writeFileSync(join(dir, 'new.json'), tensors(`, "modules": {${linear}}`));

describe('check: pairs whose layout nothing decided are not compatible', () => {
  it('an old baseline manifest without module classes against one recording Linear: breaking, fails, says why', async () => {
    const text = await runCli(['check', join(dir, 'old.json'), join(dir, 'new.json'), '--no-color']);
    expect(text.stdout).not.toMatch(/compatible — old checkpoints load as they are/);
    expect(text.stdout).toMatch(/values unverified/);
    expect(text.code).toBe(1);
    const json = await runCli(['check', join(dir, 'old.json'), join(dir, 'new.json'), '--json']);
    const r = JSON.parse(json.stdout) as { verdict: string; passed: boolean; loads: string; shapeChanged: { key: string; fix: unknown }[] };
    expect(r.passed).toBe(false);
    expect(r.verdict).toBe('breaking');
    expect(r.loads).not.toBe('as-is');
    expect(r.shapeChanged.map((s) => s.key).sort()).toEqual(['h.0.attn.c_attn.weight', 'h.0.attn.c_proj.weight', 'h.1.attn.c_attn.weight', 'h.1.attn.c_proj.weight']);
    expect(r.shapeChanged.every((s) => s.fix === null)).toBe(true);
  });

  it('the same manifest against itself stays compatible (nothing undecided)', async () => {
    const r = await runCli(['check', join(dir, 'new.json'), join(dir, 'new.json'), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'compatible', passed: true });
    expect(r.code).toBe(0);
  });
});

/**
 * s19-verify's V2: GPT-2 blocks whose Conv1D layers became Linears, beside a square `gate` Linear on both sides.
 * The non-square mlp weights show the transpose by their shapes, and a guess carried it over to every square weight
 * of the block, `gate` included (0.60): torch then had the gate weights transposed (23/25). Both manifests record
 * `gate` as a Linear: the classes rule the transpose out.
 */
const v2 = (cls: (m: string) => string) => {
  const rows: string[] = [];
  const mods: string[] = [];
  for (const i of [0, 1]) {
    const conv = cls('conv') === 'Conv1D';
    for (const [m, shape] of [['attn.c_attn', [16, 16]], ['attn.c_proj', [16, 16]], ['mlp.c_fc', conv ? [16, 64] : [64, 16]], ['mlp.c_proj', conv ? [64, 16] : [16, 64]], ['gate', [16, 16]]] as const) {
      rows.push(`"h.${i}.${m}.weight": {"shape": ${JSON.stringify(shape)}, "dtype": "float32"}`, `"h.${i}.${m}.bias": {"shape": [${m === 'mlp.c_fc' ? 64 : 16}], "dtype": "float32"}`);
      mods.push(`"h.${i}.${m}": "${m === 'gate' ? 'Linear' : cls('conv')}"`);
    }
  }
  return `{"format": "sdmatch-manifest", "version": 1, "tensors": {${rows.join(', ')}}, "modules": {${mods.join(', ')}}}\n`;
};
writeFileSync(join(dir, 'v2-old.json'), v2(() => 'Conv1D'));
writeFileSync(join(dir, 'v2-new.json'), v2(() => 'Linear'));

describe('check: module classes that store a square weight alike rule a guessed transpose out', () => {
  it('Conv1D → Linear transposed, the Linear on both sides left as it is', async () => {
    const r = await runCli(['check', join(dir, 'v2-old.json'), join(dir, 'v2-new.json'), '--json']);
    const out = JSON.parse(r.stdout) as { shapeChanged: { key: string; fix: unknown }[] };
    const keys = out.shapeChanged.map((s) => s.key);
    expect(keys.filter((k) => k.includes('gate'))).toEqual([]);
    expect(keys.filter((k) => k.includes('attn')).length).toBe(4);
    expect(keys.filter((k) => k.includes('mlp')).length).toBe(4);
    expect(out.shapeChanged.every((s) => s.fix === 'transpose')).toBe(true);
  });
});
