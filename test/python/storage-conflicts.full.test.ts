import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * A tied storage of the model takes one tensor (src/analysis/infer/storage-conflicts.ts). fairseq XGLM keeps an
 * output projection of its own beside the embeddings; transformers' XGLMForCausalLM ties lm_head to them and its
 * converter drops the projection. Here the checkpoint's projection differs from its embeddings (as an untied
 * fairseq model's would): a plan that also sends it into lm_head loads two tensors into the one storage, and
 * load_state_dict leaves whichever it copies last, the projection, as the model's embeddings. Judged by torch:
 * strict=True into the tied model, every tensor equal to the converter's result (embeddings kept, projection dropped).
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn, sys
class Fairseq(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(50, 8)
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.layer_norm = nn.LayerNorm(8)
        self.output_projection = nn.Linear(8, 50, bias=False)
class Body(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(50, 8)
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.layer_norm = nn.LayerNorm(8)
class CausalLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = Body()
        self.lm_head = nn.Linear(8, 50, bias=False)
        self.lm_head.weight = self.model.embed_tokens.weight
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('storage-conflicts');
  runPython(`${MODELS}
torch.manual_seed(0)
torch.save({'decoder.' + k: v for k, v in Fairseq().state_dict().items()}, sys.argv[1])
torch.save(CausalLM().state_dict(), sys.argv[2])
`, [join(tmp.dir, 'src.pt'), join(tmp.dir, 'tgt.pt')]);
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a second tensor paired into a tied storage, judged by PyTorch', () => {
  it('the projection is dropped, lm_head is the copy of the embeddings; strict=True, every tensor the converter\'s', async () => {
    const plan = join(tmp.dir, 'plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'src.pt'), join(tmp.dir, 'tgt.pt'), '-o', plan]);
    expect(p.code).toBe(0);
    const out = join(tmp.dir, 'out.pt');
    expect((await runCli(['apply', join(tmp.dir, 'src.pt'), plan, '-o', out])).code).toBe(0);
    const said = runPython(`${MODELS}
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
want = {'model.' + k[len('decoder.'):]: v for k, v in src.items() if 'output_projection' not in k}
want['lm_head.weight'] = src['decoder.embed_tokens.weight']
print(strict_equal(CausalLM(), out, want, True), 'decoder.output_projection.weight' in out or 'lm_head.weight' in out and torch.equal(out['lm_head.weight'], src['decoder.output_projection.weight']))
`, [join(tmp.dir, 'src.pt'), out]).trim();
    expect(said).toBe('equal False');
    const ops = (JSON.parse(readFileSync(plan, 'utf8')) as { ops: { op: string; key?: string; target?: string; pattern?: string }[] }).ops;
    expect(ops).toContainEqual(expect.objectContaining({ op: 'copy', key: 'model.embed_tokens.weight', target: 'lm_head.weight' }));
  });
});
