import { describe, expect, it } from 'vitest';
import { deeperBesideHeads } from '../../src/analysis/deeper-stack.js';
import { errorHints } from '../../src/analysis/error-hints.js';
import { parseErrorText } from '../../src/formats/error-text.js';

// ChenHongruixuan/ChangeMamba#23, as posted (the stage-3 block list shortened to its leaves' kinds)
const CHANGEMAMBA = `loading mdel...
Successfully load ckpt /root/pingcc/MambaCD/pretrained_weight/vssm_tiny_0230_ckpt_epoch_262.pth
_IncompatibleKeys(missing_keys=['outnorm0.weight', 'outnorm0.bias', 'outnorm1.weight', 'outnorm1.bias', 'outnorm2.weight', 'outnorm2.bias', 'outnorm3.weight', 'outnorm3.bias'], unexpected_keys=['classifier.norm.weight', 'classifier.norm.bias', 'classifier.head.weight', 'classifier.head.bias', 'layers.2.blocks.4.norm.weight', 'layers.2.blocks.4.norm.bias', 'layers.2.blocks.4.op.x_proj_weight', 'layers.2.blocks.4.op.A_logs', 'layers.2.blocks.4.op.Ds', 'layers.2.blocks.4.op.in_proj.weight', 'layers.2.blocks.4.mlp.fc1.weight', 'layers.2.blocks.4.mlp.fc1.bias', 'layers.2.blocks.4.mlp.fc2.weight', 'layers.2.blocks.4.mlp.fc2.bias'])
Backbone_VSSM load_pretrained`;

const isHead = (k: string) => /^classifier\./.test(k);

describe('a numbered block past the model\'s beside a head and new parts (deeper-stack.ts)', () => {
  it('the real strict=False report: another depth, a blocker, never a drop of the block; not without the block, not in a library loader\'s report', () => {
    const h = errorHints(parseErrorText(CHANGEMAMBA, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['extra_layers']);
    expect(h.blockers[0]!.message).toContain('layers.2.blocks.4');
    expect(h.drops).toEqual([]);
    // the head and the new parts alone stay what a fine-tune shows
    const noBlock = CHANGEMAMBA.replace(/, 'layers\.2\.blocks\.4\.[^']*'/g, '');
    const h2 = errorHints(parseErrorText(noBlock, 'e.txt'));
    expect(h2.blockers.map((b) => b.code)).not.toContain('extra_layers');
    // a library loader that loads part of a model by design (mmcv) is left out
    const mm = `unexpected key in source state_dict: classifier.head.weight, layers.2.blocks.4.norm.weight, layers.2.blocks.4.norm.bias\n\nmissing keys in source state_dict: outnorm0.weight, outnorm0.bias\n`;
    const r = parseErrorText(mm, 'e.txt');
    expect(r.families).toEqual(['mmcv']);
    expect(errorHints(r).blockers.map((b) => b.code)).not.toContain('extra_layers');
  });

  it('not when the model lists keys of the same stack, or one key alone is past', () => {
    const block = ['layers.2.blocks.4.norm.weight', 'layers.2.blocks.4.norm.bias'];
    expect(deeperBesideHeads([...block, 'classifier.head.weight'], ['outnorm0.weight'], isHead)).toEqual(block);
    expect(deeperBesideHeads([...block, 'classifier.head.weight'], ['layers.2.blocks.3.norm.weight'], isHead)).toEqual([]);
    expect(deeperBesideHeads(['layers.2.blocks.4.norm.weight', 'classifier.head.weight'], ['outnorm0.weight'], isHead)).toEqual([]);
    // another module the model lacks beside the block: left to the other findings
    expect(deeperBesideHeads([...block, 'decoder.conv.weight'], ['outnorm0.weight'], isHead)).toEqual([]);
  });
});
