import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, STRICT_EQUAL_PY, torchPlan } from '../helpers/torch-plan.js';

/**
 * Stacked experts whose groups look alike (review10 F3): Mixtral's per-expert `w1` and `w3` are both
 * [ffn, hidden] and llama.cpp stacks them into `ffn_gate_exps` and `ffn_up_exps` of one shape. Which is
 * which is a convention (w1 = gate, w3 = up, w2 = down: Meta's llama/model.py, transformers'
 * convert_mixtral_weights_to_hf.py, llama.cpp's tensor map), not the order either side defines them in:
 * a target that defines `up` before `gate` was paired by order, gate and up swapped in every layer, with
 * the plan saying it succeeds. Judged by real torch: strict=True and every tensor equal to what the
 * converter's mapping stacks. Sources sorted by name (as safetensors lists keys) and targets sorted too.
 * (The layers hold only the MoE block: look-alike norms are another matter, modules.ts's.)
 */
const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn, collections
torch.manual_seed(0)
D, FF, E, L = 6, 10, 4, 2
class Expert(nn.Module):
    def __init__(s):
        super().__init__(); s.w1 = nn.Linear(D, FF, bias=False); s.w2 = nn.Linear(FF, D, bias=False); s.w3 = nn.Linear(D, FF, bias=False)
class Moe(nn.Module):
    def __init__(s):
        super().__init__(); s.gate = nn.Linear(D, E, bias=False); s.experts = nn.ModuleList([Expert() for _ in range(E)])
class SLayer(nn.Module):
    def __init__(s):
        super().__init__(); s.block_sparse_moe = Moe()
class Src(nn.Module):
    def __init__(s):
        super().__init__(); s.embed_tokens = nn.Embedding(50, D); s.layers = nn.ModuleList([SLayer() for _ in range(L)]); s.norm = nn.LayerNorm(D)
class W(nn.Module):
    def __init__(s, *shape):
        super().__init__(); s.weight = nn.Parameter(torch.zeros(*shape))
def tgt(order):
    class TLayer(nn.Module):
        def __init__(s):
            super().__init__()
            s.ffn_gate_inp = W(E, D)
            for n in order:
                setattr(s, f'ffn_{n}_exps', W(E, FF, D) if n != 'down' else W(E, D, FF))
    class Tgt(nn.Module):
        def __init__(s):
            super().__init__(); s.token_embd = W(50, D); s.blk = nn.ModuleList([TLayer() for _ in range(L)]); s.output_norm = nn.LayerNorm(D)
    return Tgt()
def srt(sd, yes):
    return collections.OrderedDict(sorted(sd.items())) if yes else sd
def src_sd(sort):
    return srt(collections.OrderedDict((k, torch.randn(v.shape)) for k, v in Src().state_dict().items()), sort)
def expected(x):
    e = {'token_embd.weight': x['embed_tokens.weight'], 'output_norm.weight': x['norm.weight'], 'output_norm.bias': x['norm.bias']}
    for i in range(L):
        p = f'layers.{i}.'
        e[f'blk.{i}.ffn_gate_inp.weight'] = x[p + 'block_sparse_moe.gate.weight']
        for w, n in (('w1', 'gate'), ('w2', 'down'), ('w3', 'up')):
            e[f'blk.{i}.ffn_{n}_exps.weight'] = torch.stack([x[p + f'block_sparse_moe.experts.{j}.{w}.weight'] for j in range(E)])
    return e
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('stacked-expert-roles');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('look-alike expert stacks paired by the roles of their names, judged by PyTorch', () => {
  for (const [name, order, sortSrc, sortTgt] of [
    ['a target that defines up before gate', 'up,gate,down', false, false],
    ['a source sorted by name, target up before gate', 'up,gate,down', true, false],
    ['a target sorted by name', 'gate,up,down', false, true],
    ["llama.cpp's own order (gate, down, up), source sorted", 'gate,down,up', true, false],
  ] as const) {
    it(`Mixtral w1/w2/w3 → ffn_{gate,up,down}_exps: ${name}: strict=True, gate = stack(w1), up = stack(w3)`, async () => {
      const id = `${order.replace(/,/g, '')}${sortSrc ? 's' : ''}${sortTgt ? 't' : ''}`;
      const tgt = `srt(tgt(${JSON.stringify(order.split(','))}).state_dict(), ${sortTgt ? 'True' : 'False'})`;
      const { src, result, planPath } = torchPlan(tmp.dir, id, MODELS, `src_sd(${sortSrc ? 'True' : 'False'})`, tgt, 'Tgt');
      expect(result.ambiguities).toEqual([]);
      const evidence = result.ops.filter((o) => o.op === 'stack').map((o) => o.evidence ?? '');
      expect(evidence.some((x) => /roles/.test(x))).toBe(true);
      expect(evidence.some((x) => /state-dict order/.test(x))).toBe(false);
      const out = join(tmp.dir, `${id}.out.pt`);
      await applyOk(src, planPath, out);
      expect(appliedSays(MODELS, out, src, `strict_equal(tgt(${JSON.stringify(order.split(','))}), out, expected(ref), same_keys=True)`)).toBe('equal');
    });
  }
});
