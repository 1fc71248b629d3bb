import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * A tied LM head is a copy of the embeddings only where the model ties it (review11 F0). The target is
 * a real model's state dict saved by torch: tied (`lm_head.weight = embed_tokens.weight`: one storage
 * under two names) or untied (tie_word_embeddings off: its own storage). The source is the base model's
 * checkpoint alone (`model.*`, no head), as a LlamaModel checkpoint for LlamaForCausalLM.
 * Tied: the plan copies, the output loads strict=True into the tied model, every value equal, the head
 * the embeddings. Untied: no copy; the plan leaves the head missing and says the target stores it apart.
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn, sys
class Base(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(50, 8)
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.norm = nn.LayerNorm(8)
class CausalLM(nn.Module):
    def __init__(self, tied):
        super().__init__()
        self.model = Base()
        self.lm_head = nn.Linear(8, 50, bias=False)
        if tied:
            self.lm_head.weight = self.model.embed_tokens.weight
# transformers WhisperForConditionalGeneration: the output projection is proj_out, tied to the decoder's
# embed_tokens (a name no tie convention lists: the target's one storage is the evidence; review 12 F4)
class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(50, 8)
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.layer_norm = nn.LayerNorm(8)
class Whisper(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Module()
        self.model.decoder = Decoder()
        self.proj_out = nn.Linear(8, 50, bias=False)
        self.proj_out.weight = self.model.decoder.embed_tokens.weight
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('tie-evidence');
  runPython(`${MODELS}
torch.manual_seed(0)
torch.save({'model.' + k: v for k, v in Base().state_dict().items()}, sys.argv[1])
torch.save(CausalLM(True).state_dict(), sys.argv[2])
torch.save(CausalLM(False).state_dict(), sys.argv[3])
torch.save({'model.decoder.' + k: v for k, v in Decoder().state_dict().items()}, sys.argv[4])
torch.save(Whisper().state_dict(), sys.argv[5])
`, [join(tmp.dir, 'src.pt'), join(tmp.dir, 'tied.pt'), join(tmp.dir, 'untied.pt'), join(tmp.dir, 'whisper-src.pt'), join(tmp.dir, 'whisper.pt')]);
});
afterAll(() => tmp?.cleanup());

describeWithTorch('an LM head tied only where the target shows the tie, judged by PyTorch', () => {
  it('tied target (one storage): copy; strict=True into the tied model, every tensor equal, the head the embeddings', async () => {
    const plan = join(tmp.dir, 'tied.plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'src.pt'), join(tmp.dir, 'tied.pt'), '-o', plan]);
    expect(p.code).toBe(0);
    const ops = (JSON.parse(readFileSync(plan, 'utf8')) as { ops: { op: string; key?: string; target?: string }[] }).ops;
    expect(ops).toContainEqual(expect.objectContaining({ op: 'copy', key: 'model.embed_tokens.weight', target: 'lm_head.weight' }));
    const out = join(tmp.dir, 'tied.out.pt');
    expect((await runCli(['apply', join(tmp.dir, 'src.pt'), plan, '-o', out])).code).toBe(0);
    const said = runPython(`${MODELS}
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
want = dict(src, **{'lm_head.weight': src['model.embed_tokens.weight']})
print(strict_equal(CausalLM(True), out, want, True), torch.equal(out['lm_head.weight'], out['model.embed_tokens.weight']))
`, [join(tmp.dir, 'src.pt'), out]).trim();
    expect(said).toBe('equal True');
  });

  it('untied target (separate storages): no copy; the head stays missing with why, and torch agrees the checkpoint has no head', async () => {
    const plan = join(tmp.dir, 'untied.plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'src.pt'), join(tmp.dir, 'untied.pt'), '-o', plan, '--json']);
    expect(p.code).toBe(1);
    const r = JSON.parse(p.stdout) as { plan: { ops: { op: string }[]; unmapped: string[] }; ambiguities: { keys: string[]; reason: string }[] };
    expect(r.plan.ops.filter((o) => o.op === 'copy')).toEqual([]);
    expect(r.plan.unmapped).toEqual(['lm_head.weight']);
    expect(r.ambiguities.find((a) => a.keys.includes('lm_head.weight'))?.reason).toMatch(/separate storages/);
    // the model really has a head of its own: its storage is not the embeddings'
    const own = runPython(`${MODELS}
sd = torch.load(sys.argv[1])
print(sd['lm_head.weight'].data_ptr() != sd['model.embed_tokens.weight'].data_ptr())
`, [join(tmp.dir, 'untied.pt')]).trim();
    expect(own).toBe('True');
  });

  it('a tie under a name no convention knows (Whisper proj_out = decoder.embed_tokens), shown by one storage: copy; strict=True, every tensor equal', async () => {
    const plan = join(tmp.dir, 'whisper.plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'whisper-src.pt'), join(tmp.dir, 'whisper.pt'), '-o', plan]);
    expect(p.code).toBe(0);
    const ops = (JSON.parse(readFileSync(plan, 'utf8')) as { ops: { op: string; key?: string; target?: string }[] }).ops;
    expect(ops).toContainEqual(expect.objectContaining({ op: 'copy', key: 'model.decoder.embed_tokens.weight', target: 'proj_out.weight' }));
    const out = join(tmp.dir, 'whisper.out.pt');
    expect((await runCli(['apply', join(tmp.dir, 'whisper-src.pt'), plan, '-o', out])).code).toBe(0);
    const said = runPython(`${MODELS}
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
want = dict(src, **{'proj_out.weight': src['model.decoder.embed_tokens.weight']})
print(strict_equal(Whisper(), out, want, True))
`, [join(tmp.dir, 'whisper-src.pt'), out]).trim();
    expect(said).toBe('equal');
  });
});
