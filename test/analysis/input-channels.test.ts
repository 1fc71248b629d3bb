import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { inputChannelsOnly } from '../../src/analysis/input-channels.js';
import { looksLikeErrorText, parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

// tencent-ailab/PCDMs#6, as posted: diffusers' size line alone, its heading cut mid-word
const PCDMS = 'tch: - conv_in.weight: found shape torch.Size([320, 4, 3, 3]) in the checkpoint and torch.Size([320, 9, 3, 3]) in the model instantiated';

describe('an input layer of another number of input channels, re-initialised by the loader (input-channels.ts)', () => {
  it('the size line alone is read as an error text (transformers/diffusers "found shape … in the model instantiated")', () => {
    expect(looksLikeErrorText(PCDMS)).toBe(true);
    const r = parseErrorText(PCDMS, 'e.txt');
    expect(r.sizeMismatch).toEqual([{ key: 'conv_in.weight', source: [320, 4, 3, 3], expected: [320, 9, 3, 3] }]);
    expect(r.families).toEqual(['transformers']);
  });

  it('the loader re-initialised it: dropped and trained anew, never called a head of another class count', async () => {
    const h = errorHints(parseErrorText(PCDMS, 'e.txt'));
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toEqual(['conv_in.weight']);
    expect(h.drops[0]!.reason).toContain('9 channels in the model and 4 in the checkpoint');
    expect(h.notes.map((n) => n.code)).not.toContain('head');
    const r = await runCli(['explain', '-', '--json'], { stdin: PCDMS });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { mapping: Record<string, string | null> }; readings?: { situation: string }[] };
    expect(j.fixable).toBe(true);
    expect(j.plan.mapping['conv_in.weight']).toBeNull();
    expect(r.stdout).not.toContain('head_count');
    // a strict torch error with the same shapes is not the loader's re-initialisation: no drop
    const strict = 'RuntimeError: Error(s) in loading state_dict for UNet2DConditionModel:\n\tsize mismatch for conv_in.weight: copying a param with shape torch.Size([320, 4, 3, 3]) from checkpoint, the shape in current model is torch.Size([320, 9, 3, 3]).';
    expect(errorHints(parseErrorText(strict, 'e.txt')).drops).toEqual([]);
  });

  it('only the input channels of an input layer', () => {
    expect(inputChannelsOnly({ key: 'conv_in.weight', source: [320, 4, 3, 3], expected: [320, 9, 3, 3] })).toBe(true);
    expect(inputChannelsOnly({ key: 'backbone.conv1.weight', source: [64, 3, 7, 7], expected: [64, 4, 7, 7] })).toBe(true);
    // the output channels too, a kernel, a block's conv1 or a layer past the input, a bias: not this
    expect(inputChannelsOnly({ key: 'conv_in.weight', source: [320, 4, 3, 3], expected: [640, 9, 3, 3] })).toBe(false);
    expect(inputChannelsOnly({ key: 'conv_in.weight', source: [320, 4, 3, 3], expected: [320, 4, 1, 1] })).toBe(false);
    expect(inputChannelsOnly({ key: 'layer1.0.conv1.weight', source: [64, 64, 3, 3], expected: [64, 32, 3, 3] })).toBe(false);
    expect(inputChannelsOnly({ key: 'down.2.conv.weight', source: [64, 4, 3, 3], expected: [64, 9, 3, 3] })).toBe(false);
    expect(inputChannelsOnly({ key: 'conv_in.bias', source: [320], expected: [640] })).toBe(false);
  });
});
