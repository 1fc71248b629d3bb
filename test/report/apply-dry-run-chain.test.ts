import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { repoRoot } from '../helpers/corpus.js';
import { MEGATRON_GPT2_TRUTH_PY } from '../helpers/megatron-gpt2.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * `apply --dry-run` lists each tensor's whole chain of reshapes and transposes, in order. A Megatron
 * query_key_value renamed to GPT-2's c_attn is reshaped per head, transposed, reshaped back (its q/k/v rows
 * reordered) and then transposed for Conv1D; the dry run used to print the first permutation alone
 * (`dims [1, 0, 2, 3]`), which is not what apply does. Judged by torch: the steps the dry run prints, run on
 * the source tensor, give transformers' converter's c_attn.
 */

const FIXTURE = join(repoRoot, 'fixtures/megatron/legacy-tp2-pp2');
const QKV = 'language_model.encoder.layers.0.self_attention.query_key_value';

describeWithTorch('apply --dry-run shows every step of a reorder chain (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('dry-run-chain');
    runPython(MEGATRON_GPT2_TRUTH_PY, [`${FIXTURE}.reference.pt`, at('tgt.pt'), at('want.pt'), '3']);
  });
  afterAll(() => tmp.cleanup());

  it('each step in order; run in torch on the source tensor they give the converter\'s c_attn weight and bias', async () => {
    const plan = await runCli(['plan', FIXTURE, at('tgt.pt'), '-o', at('plan.json')]);
    expect(plan.stderr).toBe('');
    const dry = await runCli(['apply', FIXTURE, at('plan.json'), '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const stepsOf = (from: string, to: string): string => {
      const line = dry.stdout.split('\n').find((l) => l.trim().startsWith(`${from} → ${to}  `));
      expect(line, dry.stdout).toBeDefined();
      return line!.slice(line!.indexOf(`${to}  `) + to.length + 2);
    };
    const weight = stepsOf(`${QKV}.weight`, 'transformer.h.0.attn.c_attn.weight');
    const bias = stepsOf(`${QKV}.bias`, 'transformer.h.0.attn.c_attn.bias');
    expect(weight).toBe('reshape to [4, 3, 2, 8], then transpose dims [1, 0, 2, 3], then reshape to [24, 8], then transpose dims [1, 0]');
    expect(bias).toBe('reshape to [4, 3, 2], then transpose dims [1, 0, 2], then reshape to [24]');
    // a lone transpose reads as before
    expect(stepsOf('language_model.encoder.layers.0.mlp.dense_h_to_4h.weight', 'transformer.h.0.mlp.c_fc.weight')).toBe('dims [1, 0]');
    const said = runPython(`import torch, sys, re, json
r, want = torch.load(sys.argv[1]), torch.load(sys.argv[2])
def run(t, text):
    for step in text.split(', then '):
        nums = [int(x) for x in re.findall(r'\\d+', step)]
        t = t.permute(*nums) if step.startswith('transpose') else t.reshape(*nums)
    return t
ok = [torch.equal(run(r[sys.argv[3] + '.' + p], sys.argv[4 + i]), want['transformer.h.0.attn.c_attn.' + p]) for i, p in enumerate(['weight', 'bias'])]
print(json.dumps(ok))`, [`${FIXTURE}.reference.pt`, at('want.pt'), QKV, weight, bias]);
    expect(JSON.parse(said)).toEqual([true, true]);
  });
});
