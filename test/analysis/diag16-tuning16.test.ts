import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { CHECKPOINT_POINTER } from '../../src/analysis/key-roles.js';
import { linearWrappedWeights } from '../../src/analysis/linear-wrapped.js';

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

  it('a metric field beside a pointer is no weights field: nothing selected, the pointer named (s20-verify: `valid_acc`)', async () => {
    for (const metric of ['valid_acc', 'val_top1', 'test_loss', 'best_miou']) {
      const r = await explain(`RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv1.weight", "fc.weight". \n\tUnexpected key(s) in state_dict: "epoch", "best_ckpt", "${metric}".`);
      expect(r.plan.source.select, metric).toEqual([]);
      expect(r.fixable, metric).toBe(false);
      expect(r.causes.map((c) => c.code), metric).toContain('fields_without_weights');
    }
    // beside a weights field, a metric is no rival to it
    const r = await explain('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv1.weight", "fc.weight". \n\tUnexpected key(s) in state_dict: "craft", "valid_acc".');
    expect(r.plan.source.select).toEqual(['craft']);
  });

  it('a weights field beside a pointer is still selected (the pointer is no candidate)', async () => {
    const r = await explain('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv1.weight", "fc.weight". \n\tUnexpected key(s) in state_dict: "epoch", "model", "best_checkpoint".');
    expect(r.plan.source.select).toEqual(['model']);
  });
});

// LarsHoldijk/RE-ParameterizedExplainerForGraphNeuralNetworks#5 (tuning16), as posted: GCN weights saved with torch_geometric
// 1.x (GCNConv's bare `weight`, [in, out]) loaded with 2.x (a `lin` Linear, [out, in]); conv2/conv3 are square
const PYG = `Traceback (most recent call last):
  File "explain.py", line 19, in <module>
    (auc, auc_std), inf_time = replication(config.args.explainer, extension)
  File "/storage/RE-ParameterizedExplainerForGraphNeuralNetworks/ExplanationEvaluation/tasks/replication.py", line 158, in replication
    return_checkpoint=True)
  File "/storage/RE-ParameterizedExplainerForGraphNeuralNetworks/ExplanationEvaluation/models/model_selector.py", line 75, in model_selector
    model.load_state_dict(checkpoint['model_state_dict'])
  File "/home/ubuntu/miniconda3/lib/python3.7/site-packages/torch/nn/modules/module.py", line 1407, in load_state_dict
    self.__class__.__name__, "\\n\\t".join(error_msgs)))
RuntimeError: Error(s) in loading state_dict for NodeGCN:
\tMissing key(s) in state_dict: "conv1.lin.weight", "conv2.lin.weight", "conv3.lin.weight". 
\tUnexpected key(s) in state_dict: "conv1.weight", "conv2.weight", "conv3.weight".`;

describe('tuning16: a bare layer weight the model keeps in a child Linear `lin` (torch_geometric 1.x -> 2.x)', () => {
  it('is said as a rename and a transpose, never planned as renames alone (square layers would load transposed)', async () => {
    const r = await explain(PYG);
    expect(r.causes[0]?.code).toBe('linear_wrapped_weight');
    expect(r.fixable).toBe(false);
    expect(r.plan.ops).toEqual([]);
  });

  it('abojchevski/sparse_smoothing#2 (tuning9), the same upgrade in another repository, is read the same way', async () => {
    const r = await explain('Missing key(s) in state_dict: "conv1.lin.weight", "conv2.lin.weight". \nUnexpected key(s) in state_dict: "conv1.weight", "conv2.weight".');
    expect(r.causes[0]?.code).toBe('linear_wrapped_weight');
    expect(r.fixable).toBe(false);
  });

  it('pairs each bare weight with its one `lin*` child, and nothing else', () => {
    expect(linearWrappedWeights({ missing: ['conv1.lin.weight', 'convs.0.lin_rel.weight'], unexpected: ['conv1.weight', 'convs.0.weight'] })).toEqual([
      { from: 'conv1.weight', to: 'conv1.lin.weight' },
      { from: 'convs.0.weight', to: 'convs.0.lin_rel.weight' },
    ]);
    // a conv wrapped as `.conv` (mmcv's ConvModule) keeps its layout: not this finding
    expect(linearWrappedWeights({ missing: ['conv1.conv.weight'], unexpected: ['conv1.weight'] })).toBeNull();
    // a key of either side left over: another story, not read as this one
    expect(linearWrappedWeights({ missing: ['conv1.lin.weight', 'fc.weight'], unexpected: ['conv1.weight'] })).toBeNull();
    expect(linearWrappedWeights({ missing: ['conv1.lin.weight'], unexpected: ['conv1.weight', 'conv1.bias'] })).toBeNull();
    // two Linear children for one bare weight (GATConv's lin_src and lin_dst): which is which is not a rename
    expect(linearWrappedWeights({ missing: ['conv1.lin_src.weight', 'conv1.lin_dst.weight'], unexpected: ['conv1.weight', 'conv2.weight'] })).toBeNull();
  });
});
