import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 9 B, finding 1, on checkpoints real PyTorch saved: two identical encoder towers (`tower_a`,
 * `tower_b`) against a dual encoder whose towers are `query_model` and `doc_model`. Both renames fit every
 * key and shape equally; sdmatch used to pair them by the length of the model's attribute names
 * (`tower_a.` → `doc_model.`, 0.99, "order preserved"), loading the towers swapped with strict=True. Now no
 * rename is made and the choice is listed. The same for a `student` and a `teacher` against one model:
 * neither is stripped, and neither is dropped as "no counterpart".
 */

const MODELS = `
import torch, torch.nn as nn
torch.manual_seed(0)
D, V = 32, 100
class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(D, D); self.key = nn.Linear(D, D); self.value = nn.Linear(D, D); self.dense = nn.Linear(D, D)
class Tower(nn.Module):
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(V, D); self.LayerNorm = nn.LayerNorm(D)
        self.layer = nn.ModuleList([Layer() for _ in range(2)])
class Pair(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        setattr(self, a, Tower()); setattr(self, b, Tower())
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('twin-towers');
});
afterAll(() => tmp?.cleanup());

/** saves DIR/NAME_src.pt and DIR/NAME_tgt.pt with torch; returns `sdmatch plan --json` of them */
async function planOf(name: string, source: string, target: string): Promise<{ plan: { ops: unknown[] }; ambiguities: { keys: string[]; candidates: string[]; reason: string }[] }> {
  const src = join(tmp.dir, `${name}_src.pt`);
  const tgt = join(tmp.dir, `${name}_tgt.pt`);
  runPython(`${MODELS}\nimport sys\ntorch.save(${source}, sys.argv[1])\ntorch.save(${target}, sys.argv[2])\n`, [src, tgt]);
  const run = await runCli(['plan', src, tgt, '--json', '-q']);
  return JSON.parse(run.stdout);
}

describeWithTorch('look-alike towers are listed, not paired by the length of their names (real torch)', () => {
  it('tower_a / tower_b against query_model / doc_model: no rename, the choice listed with both candidates', async () => {
    const r = await planOf('towers', "Pair('tower_a', 'tower_b').state_dict()", "Pair('query_model', 'doc_model').state_dict()");
    expect(r.plan.ops).toEqual([]);
    const tie = r.ambiguities.find((a) => a.keys.some((k) => k.startsWith('tower_a.')));
    expect(tie).toBeDefined();
    expect(tie!.reason).toContain('`query_model.`, `doc_model.`');
    expect(tie!.candidates.some((c) => c.startsWith('query_model.'))).toBe(true);
  });

  it('student / teacher against one tower: neither stripped nor dropped, the choice listed', async () => {
    const r = await planOf('dino', "Pair('student', 'teacher').state_dict()", 'Tower().state_dict()');
    expect(r.plan.ops).toEqual([]);
    const tie = r.ambiguities.find((a) => a.reason.includes('`student.`, `teacher.`'));
    expect(tie).toBeDefined();
  });
});
