import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, torchPlan } from '../helpers/torch-plan.js';

/**
 * Review 10 F1, judged by real PyTorch: an nn.LSTM saved sorted by name (as a safetensors file lists it:
 * `bias_hh_l0, bias_hh_l1, bias_ih_l0, …`) loaded into a stack of nn.LSTMCell. The alphabet's order was
 * read as the model's and crossed ih/hh and the layers (8 of 10 tensors wrong under strict=True). Names
 * (`weight_ih` is `weight_ih`) and numbers (`_l1` is `cells.1`) decide: applied, strict=True, every tensor
 * equal to its own.
 */
const MODELS = `
import collections, torch, torch.nn as nn
torch.manual_seed(0)
H = 32
class Src(nn.Module):
    def __init__(s): super().__init__(); s.rnn = nn.LSTM(H, H, num_layers=2); s.fc = nn.Linear(H, 30)
class Tgt(nn.Module):
    def __init__(s): super().__init__(); s.cells = nn.ModuleList([nn.LSTMCell(H, H) for _ in range(2)]); s.fc = nn.Linear(H, 30)
def saved(): return collections.OrderedDict(sorted(Src().state_dict().items()))
def verdict(out, ref):
    import re
    Tgt().load_state_dict(out, strict=True)
    want = {re.sub(r'^rnn\\.(\\w+)_l(\\d)$', r'cells.\\2.\\1', k): v for k, v in ref.items()}
    return 'equal' if set(want) == set(out) and all(torch.equal(out[k], v) for k, v in want.items()) else 'DIFFERENT'
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('sorted-look-alikes');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('look-alikes a sorted checkpoint lists by the alphabet, judged by PyTorch', () => {
  it('nn.LSTM saved sorted → nn.LSTMCell stack: strict=True and every tensor its own', async () => {
    const { src, result, planPath } = torchPlan(tmp.dir, 'lstm', MODELS, 'saved()', 'Tgt().state_dict()', 'tgt');
    expect(result.fixable).toBe(true);
    expect(result.ambiguities).toEqual([]);
    const out = join(tmp.dir, 'out.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, 'verdict(out, ref)')).toBe('equal');
  });
});
