import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { corpusAvailable, corpusDir, corpusExpectations, repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * `sdmatch manifest CKPT` writes `tied` from a torch file's storage records, as python/sdmatch_manifest.py
 * writes it from a model. A tie is one tensor under two names: torch.save keeps a tied weight's storage
 * shared, and both entries view it at the same offset, shape and stride. Slices or transposed views of one
 * storage hold other values, so they are not tied (a plan that copied one into the other would load
 * strict=True with wrong values). Files written by real torch 1.13, zip and legacy; judged by torch.
 */

const MODELS = `
import torch, torch.nn as nn
class TinyGPT(nn.Module):
    def __init__(s, device=None):
        super().__init__()
        s.wte = nn.Embedding(20, 8, device=device)
        s.wpe = nn.Embedding(6, 8, device=device)
        s.h = nn.ModuleList([nn.Linear(8, 8, device=device) for _ in range(2)])
        s.ln_f = nn.LayerNorm(8, device=device)
        s.lm_head = nn.Linear(8, 20, bias=False, device=device)
        s.lm_head.weight = s.wte.weight
class Views(nn.Module):
    def __init__(s, device=None):
        super().__init__()
        flat = torch.zeros(48, device=device)
        s.q = nn.Parameter(flat[0:16].view(4, 4))
        s.k = nn.Parameter(flat[16:32].view(4, 4))
        s.qt = nn.Parameter(flat[0:16].view(4, 4).t())
`;

const SCRIPT = join(repoRoot, 'python/sdmatch_manifest.py');

interface Manifest { tensors: Record<string, unknown>; tied?: string[][] }

describeWithTorch('sdmatch manifest writes ties from a torch file\'s storages (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  const sdmatchManifest = async (file: string): Promise<Manifest> => {
    const r = await runCli(['manifest', file]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Manifest;
  };
  const pythonManifest = (...args: string[]): Manifest => {
    execFileSync(torchPython!, [SCRIPT, ...args, '-o', at('py.json')], { cwd: tmp.dir, stdio: 'pipe' });
    return JSON.parse(readFileSync(at('py.json'), 'utf8')) as Manifest;
  };
  beforeAll(() => {
    tmp = tempDir('manifest-ties');
    writeFileSync(at('tiedmodels.py'), MODELS);
    runPython(`${MODELS}
import sys
torch.manual_seed(0)
m = TinyGPT()
torch.save(m.state_dict(), sys.argv[1])
torch.save(m.state_dict(), sys.argv[2], _use_new_zipfile_serialization=False)
# the checkpoint a plan starts from: the tied tensor stored once, under a wrapper's prefix
torch.save({'transformer.' + k: v for k, v in m.state_dict().items() if k != 'lm_head.weight'}, sys.argv[3])
flat = torch.arange(48.)
base = flat[0:16].view(4, 4)
# q and k slice one storage, qt transposes q's view, q2 is q's view made again: only q and q2 are one tensor
torch.save({'q': base, 'k': flat[16:32].view(4, 4), 'qt': base.t(), 'q2': flat[0:16].view(4, 4)}, sys.argv[4])
`, [at('gpt.pt'), at('gpt-legacy.pt'), at('src.pt'), at('views.pt')]);
  });
  afterAll(() => tmp.cleanup());

  it('a tied GPT-style model saved by torch.save: the head and the embedding are one group, zip and legacy alike', async () => {
    for (const f of ['gpt.pt', 'gpt-legacy.pt']) {
      const m = await sdmatchManifest(at(f));
      expect(m.tied, f).toEqual([['wte.weight', 'lm_head.weight']]);
      expect(Object.keys(m.tensors), f).toContain('lm_head.weight');
    }
    // a safetensors file cannot show a tie (each tensor stored apart): its manifest has no `tied` (absent: does not say)
    const st = await sdmatchManifest(join(repoRoot, 'fixtures/safetensors/mlp.safetensors'));
    expect(Object.keys(st.tensors).length).toBeGreaterThan(0);
    expect(st).not.toHaveProperty('tied');
    // torch agrees the file shares that storage (and only that one)
    expect(runPython(`import torch, sys
sd = torch.load(sys.argv[1])
ks = list(sd)
print([[a, b] for i, a in enumerate(ks) for b in ks[i + 1:] if sd[a].storage().data_ptr() == sd[b].storage().data_ptr()])`, [at('gpt.pt')]).trim())
      .toBe("[['wte.weight', 'lm_head.weight']]");
  });

  it('the ties sdmatch reads from the file are the ones the Python writer reads from the model and from torch.load', async () => {
    const fromFile = await sdmatchManifest(at('gpt.pt'));
    expect(pythonManifest('module', 'tiedmodels:TinyGPT').tied).toEqual(fromFile.tied);
    expect(pythonManifest('checkpoint', at('gpt.pt')).tied).toEqual(fromFile.tied);
  });

  it('views of one storage at other offsets or strides are not tied; the same view twice is', async () => {
    const m = await sdmatchManifest(at('views.pt'));
    expect(m.tied).toEqual([['q', 'q2']]);
    // torch: all four view one storage; only q and q2 hold equal values
    expect(runPython(`import torch, sys
sd = torch.load(sys.argv[1])
print(len({v.storage().data_ptr() for v in sd.values()}), [k for k in sd if k != 'q' and torch.equal(sd[k], sd['q'])])`, [at('views.pt')]).trim()).toBe("1 ['q2']");
    // the Python writer judges a model's views alike (it grouped every view of a storage before)
    expect(pythonManifest('module', 'tiedmodels:Views').tied).toEqual([]);
  });

  it('manifest of the torch file → plan → apply: the head is copied from the embedding; torch loads it strict=True, tensors equal', async () => {
    writeFileSync(at('gpt.json'), JSON.stringify(await sdmatchManifest(at('gpt.pt'))));
    const plan = await runCli(['plan', at('src.pt'), at('gpt.json'), '-o', at('plan.json')]);
    expect(plan.code, plan.stdout).toBe(0);
    expect(JSON.parse(readFileSync(at('plan.json'), 'utf8')).ops).toContainEqual(expect.objectContaining({ op: 'copy', key: 'wte.weight', target: 'lm_head.weight' }));
    const applied = await runCli(['apply', at('src.pt'), at('plan.json'), '-o', at('out.pt')]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(runPython(`${MODELS}
import sys
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = TinyGPT()
m.load_state_dict(out, strict=True)
assert m.lm_head.weight is m.wte.weight
for k, v in m.state_dict().items():
    assert torch.equal(v, src['transformer.' + ('wte.weight' if k == 'lm_head.weight' else k)]), k
print('ok')`, [at('src.pt'), at('out.pt')]).trim()).toBe('ok');
  });

});

describe.skipIf(!corpusAvailable)('ties in a real corpus file, read by sdmatch only', () => {
  it('JR-Wesley quantized_model.pt: each convN.weight is its QuantizedConv2d wrapper\'s conv.weight (one storage each)', async () => {
    const file = 'JR-Wesley-MaskRecognition/quantized_model.pt';
    const r = await runCli(['manifest', join(corpusDir, file)]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as Manifest;
    const groups = [1, 2, 3, 4, 5, 6].map((n) => [`conv${n}.weight`, `quantized_conv${n}.conv.weight`]);
    expect(m.tied).toEqual(groups);
    // 12 names, as many distinct tensors as the corpus facts (read from the bytes) count
    expect(Object.keys(m.tensors).length - groups.length).toBe(corpusExpectations()[file]!.tensor_count);
  });
});
