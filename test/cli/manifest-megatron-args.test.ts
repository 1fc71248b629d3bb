import { join, resolve } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { parseManifestContents } from '../../src/formats/manifest.js';
import { MEGATRON_GPT2_TRUTH_PY } from '../helpers/megatron-gpt2.js';
import { FILE_VERDICT_PY } from '../helpers/torch-plan.js';
import { loadSchema, validateJson } from '../helpers/json-schema.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * A Megatron save's fused q/k/v rows are laid out by its args (num_attention_heads, hidden_size / kv_channels,
 * query groups) and checkpoint_version; without them a rename to GPT-2's c_attn is withdrawn (s12-values), so a
 * plan made from a manifest, which kept keys and shapes only, left c_attn missing. `sdmatch manifest` now keeps
 * those args in a validated `megatron` field and plan reads them as it reads a checkpoint's: the rename with the
 * rows reordered is restored, and the plan applied to the rank file gives, judged by torch, transformers'
 * converter's tensors.
 */

const REFERENCE = resolve(__dirname, '../../fixtures/megatron/legacy-tp2-pp2.reference.pt');

/** REF's tensors as one Megatron rank file with args and checkpoint_version 1.0 ([np, hn, 3] rows). */
const SAVE_PY = `
import torch, sys, argparse
from collections import OrderedDict as OD
r = torch.load(sys.argv[1])
sd = OD((k[len('language_model.'):], v) for k, v in r.items())
args = argparse.Namespace(num_layers=4, hidden_size=8, num_attention_heads=4, kv_channels=2, max_position_embeddings=16, lr=0.1)
torch.save({'model': {'language_model': sd}, 'args': args, 'checkpoint_version': 1.0, 'iteration': 10}, sys.argv[2])
`;

describeWithTorch('a manifest keeps a Megatron save\'s args; a plan made from it reorders q/k/v (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('manifest-megatron');
    runPython(SAVE_PY, [REFERENCE, at('rank.pt')]);
    runPython(MEGATRON_GPT2_TRUTH_PY, [REFERENCE, at('tgt.pt'), at('want.pt'), '1']);
  });
  afterAll(() => tmp.cleanup());

  it('manifest → plan → apply: c_attn renamed with its rows reordered; the output is the converter\'s, tensor for tensor', async () => {
    const m = await runCli(['manifest', at('rank.pt'), '-o', at('rank.json')]);
    expect(m.code, m.stderr).toBe(0);
    const written = JSON.parse(readFileSync(at('rank.json'), 'utf8')) as { megatron?: unknown };
    // the args the layout needs and no others (lr, num_layers stay out)
    expect(written.megatron).toEqual({ num_attention_heads: 4, hidden_size: 8, kv_channels: 2, checkpoint_version: 1 });
    expect(validateJson(loadSchema('manifest.schema.json'), written)).toEqual([]);
    expect(validateJson(loadSchema('manifest.schema.json'), { ...written, megatron: { lr: 0.1 } })).not.toEqual([]);
    const plan = await runCli(['plan', at('rank.json'), at('tgt.pt'), '-o', at('plan.json')]);
    expect(plan.stdout).toMatch(/load_state_dict\(strict=True\) succeeds/);
    const ops = (JSON.parse(readFileSync(at('plan.json'), 'utf8')) as { ops: { evidence?: string }[] }).ops;
    expect(ops.some((o) => /q\/k\/v rows reordered/.test(o.evidence ?? ''))).toBe(true);
    const applied = await runCli(['apply', at('rank.pt'), at('plan.json'), '--select', 'model/language_model', '-o', at('out.pt')]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(runPython(FILE_VERDICT_PY, [at('out.pt'), at('want.pt')]).trim()).toBe('equal');
  });

  it('without the field the same manifest leaves c_attn unrenamed; a bad field is refused by its JSON pointer', async () => {
    const doc = JSON.parse(readFileSync(at('rank.json'), 'utf8')) as Record<string, unknown>;
    delete doc.megatron;
    writeFileSync(at('bare.json'), JSON.stringify(doc));
    const bare = await runCli(['plan', at('bare.json'), at('tgt.pt'), '--json']);
    expect(bare.code).toBe(1);
    expect((JSON.parse(bare.stdout) as { plan: { unmapped: string[] } }).plan.unmapped).toContain('transformer.h.0.attn.c_attn.weight');
    const text = (megatron: unknown) => JSON.stringify({ ...doc, megatron });
    expect(parseManifestContents(text({ num_attention_heads: 4, checkpoint_version: 3 }), 'm.json').megatron).toEqual({ args: new Map([['num_attention_heads', 4]]), ckptVersion: 3 });
    expect(() => parseManifestContents(text({ num_attention_heads: 0 }), 'm.json')).toThrow(/\/megatron\/num_attention_heads: a positive integer, not 0/);
    expect(() => parseManifestContents(text({ lr: 0.1 }), 'm.json')).toThrow(/\/megatron\/lr: unknown Megatron arg/);
    expect(() => parseManifestContents(text({ group_query_attention: 1 }), 'm.json')).toThrow(/\/megatron\/group_query_attention: true or false/);
    const r = await runCli(['plan', at('bare.json'), at('tgt.pt')]);
    expect(r.code).toBe(1);
  });

  it('python/sdmatch_manifest.py writes the same `megatron` field (no --trust: the args are read as inert attributes), and a plan made from its manifest reorders q/k/v as from sdmatch\'s', async () => {
    expect((await runCli(['manifest', at('rank.pt'), '-o', at('ts.json')])).code).toBe(0);
    runPython(`import runpy, sys\nsys.argv = ['sdmatch_manifest.py', 'checkpoint', sys.argv[1], '-o', sys.argv[2]]\nrunpy.run_path(${JSON.stringify(resolve(__dirname, '../../python/sdmatch_manifest.py'))}, run_name='__main__')`, [at('rank.pt'), at('py.json')]);
    const py = JSON.parse(readFileSync(at('py.json'), 'utf8')) as { megatron?: unknown; tensors: unknown };
    const ts = JSON.parse(readFileSync(at('ts.json'), 'utf8')) as { megatron?: unknown; tensors: unknown };
    expect(py.megatron).toEqual({ num_attention_heads: 4, hidden_size: 8, kv_channels: 2, checkpoint_version: 1 });
    expect(py.megatron).toEqual(ts.megatron);
    expect(validateJson(loadSchema('manifest.schema.json'), py)).toEqual([]);
    expect(parseManifestContents(readFileSync(at('py.json'), 'utf8'), 'py.json').megatron).toEqual({ args: new Map([['num_attention_heads', 4], ['hidden_size', 8], ['kv_channels', 2]]), ckptVersion: 1 });
    const plan = await runCli(['plan', at('py.json'), at('tgt.pt'), '-o', at('py-plan.json')]);
    expect(plan.code, plan.stdout).toBe(0);
    const applied = await runCli(['apply', at('rank.pt'), at('py-plan.json'), '--select', 'model/language_model', '-o', at('py-out.pt')]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(runPython(FILE_VERDICT_PY, [at('py-out.pt'), at('want.pt')]).trim()).toBe('equal');
  });
});
