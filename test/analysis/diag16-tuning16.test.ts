import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { CHECKPOINT_POINTER } from '../../src/analysis/key-roles.js';

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { source: { select: (string | number)[] }; ops: { op: string }[]; mapping: Record<string, unknown> };
  after: { missing: string[]; unexpected: string[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

// D-X-Y/AutoDL-Projects#114 (tuning16), as posted: the file loaded is the search's `last-info` record, whose fields are
// exactly `epoch`, `args` and `last_checkpoint` (the path of the checkpoint that holds the weights)
const AUTODL = `I need an onnx file to preserve the searching result.
However, there are some errors after I load the pth file to the model.
For example, I loaded the pth file after depth configuration search to the SearchDepthCifarResNet model, Then the system warned me :' Missing key(s) in state_dict and Unexpected key(s) in state_dict: "epoch", "args", "last_checkpoint"."`;

describe('tuning16: checkpoint fields none of which holds weights', () => {
  it('a field naming another file is a pointer, not a weights container', () => {
    for (const f of ['last_checkpoint', 'best_ckpt', 'model_path', 'ckpt_file', 'save_dir', 'url']) expect(CHECKPOINT_POINTER.test(f)).toBe(true);
    for (const f of ['state_dict', 'model', 'checkpoint', 'craft', 'netG_state_dict', 'profile']) expect(CHECKPOINT_POINTER.test(f)).toBe(false);
  });

  it('bookkeeping beside `last_checkpoint` selects nothing: the weights are in the file it names, not fixable here', async () => {
    const r = await explain(AUTODL);
    expect(r.plan.source.select).toEqual([]);
    expect(r.fixable).toBe(false);
    expect(r.causes.map((c) => c.code)).toContain('fields_without_weights');
  });

  it('bookkeeping fields only are no modules to drop: the weights field is not in the list', async () => {
    const r = await explain('RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "epoch", "optimizer", "scheduler".');
    expect(r.plan.ops).toEqual([]);
    expect(r.fixable).toBe(false);
    expect(r.causes.map((c) => c.code)).toContain('fields_without_weights');
  });

  it('a weights field beside a pointer is still selected (the pointer is no candidate)', async () => {
    const r = await explain('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv1.weight", "fc.weight". \n\tUnexpected key(s) in state_dict: "epoch", "model", "best_checkpoint".');
    expect(r.plan.source.select).toEqual(['model']);
  });
});
