import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

/**
 * A prefix stripped from a module's keys is stripped from its BatchNorm counters too: `num_batches_tracked` is that
 * BatchNorm's, under the same name. Left behind, the counter was read as a part the model lacks ("unused by this
 * model: … a pretraining or other task's module", or an unexpected key the plan leaves), a false claim that also
 * differed with the form the same keys were pasted in.
 */
interface Out {
  fixable: boolean;
  plan: { ops: { op: string; prefix?: string }[]; mapping: Record<string, unknown> };
  after: { missing: string[]; unexpected: string[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

const bn = (p: string) => ['conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'bn1.num_batches_tracked', 'layer1.0.conv1.weight', 'layer1.0.bn1.weight', 'layer1.0.bn1.bias', 'layer1.0.bn1.running_mean', 'layer1.0.bn1.running_var', 'layer1.0.bn1.num_batches_tracked'].map((k) => p + k);

describe('counters go with the prefix stripped from their module', () => {
  const forms: [string, string, string][] = [
    ['OpenMMLab backbone init_cfg (mmcv log)', 'backbone.', `unexpected key in source state_dict: ${bn('backbone.').join(', ')}`],
    ['DataParallel (mmcv log)', 'module.', `unexpected key in source state_dict: ${bn('module.').join(', ')}`],
    ['DataParallel (torch strict error)', 'module.', `RuntimeError: Error(s) in loading state_dict for ResNet:\n\tUnexpected key(s) in state_dict: ${bn('module.').map((k) => `"${k}"`).join(', ')}. `],
  ];
  for (const [name, prefix, text] of forms) {
    it(`${name}: one strip, no drop, every counter mapped with its module`, async () => {
      const out = await explain(text);
      expect(out.plan.ops).toEqual([expect.objectContaining({ op: 'strip_prefix', prefix })]);
      expect(out.plan.mapping[`${prefix}bn1.num_batches_tracked`]).toBe('bn1.num_batches_tracked');
      expect(out.plan.mapping[`${prefix}layer1.0.bn1.num_batches_tracked`]).toBe('layer1.0.bn1.num_batches_tracked');
      expect(out.after).toMatchObject({ missing: [], unexpected: [] });
    });
  }
});
