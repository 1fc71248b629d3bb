import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { shallowerStacks } from '../../src/analysis/shallower-stack.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

const BLOCK = ['conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'bn1.num_batches_tracked', 'conv2.weight', 'bn2.weight', 'bn2.bias', 'bn2.running_mean', 'bn2.running_var', 'bn2.num_batches_tracked'];

/** torch's strict error for resnet18's state dict loaded into torchvision's resnet34 (review24 F6): blocks ≥ 2 of every stage missing. */
function resnet18IntoResnet34(): string {
  const depths = [3, 4, 6, 3];
  const missing = depths.flatMap((d, s) => Array.from({ length: d - 2 }, (_, i) => BLOCK.map((leaf) => `layer${s + 1}.${i + 2}.${leaf}`)).flat());
  return `Traceback (most recent call last):\n  File "train.py", line 42, in <module>\n    model.load_state_dict(state_dict)\nRuntimeError: Error(s) in loading state_dict for ResNet:\n\tMissing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. \n`;
}

describe('a checkpoint shallower than the model (shallower-stack.ts, review24 F6)', () => {
  it('resnet18 into resnet34: another depth said with both block counts, not "nothing loaded", no strict=False, nothing dropped or kept missing', () => {
    const h = errorHints(parseErrorText(resnet18IntoResnet34(), 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['fewer_blocks_in_checkpoint']);
    const m = h.blockers[0]!.message;
    expect(m).toContain('the checkpoint has 2, 2, 2, 2 blocks in `layer1`, `layer2`, `layer3`, `layer4`, the model 3, 4, 6, 3');
    expect(m).not.toMatch(/nothing (would )?load|strict=False/);
    expect(h.keepMissing).toEqual([]);
    expect(h.drops).toEqual([]);
  });

  it('EfficientNet b0 into b1: the block count read at the stage (`features.N`), not at the blocks\' own numbered parts', () => {
    const leaves = ['block.0.0.weight', 'block.0.1.weight', 'block.1.fc1.weight', 'block.1.fc2.weight', 'block.2.0.weight'];
    const missing = [[1, 1], [2, 2], [3, 2], [4, 3], [5, 3], [6, 4], [7, 1]].flatMap(([s, b]) => leaves.map((l) => `features.${s}.${b}.${l}`));
    const stacks = shallowerStacks(missing)!;
    expect(stacks.map((s) => `${s.stack}:${s.checkpoint}/${s.model}`)).toEqual(['features.1:1/2', 'features.2:2/3', 'features.3:2/3', 'features.4:3/4', 'features.5:3/4', 'features.6:4/5', 'features.7:1/2']);
  });

  it('not for block 0 missing, a gap between blocks, one block alone, or a cut text', () => {
    expect(shallowerStacks(['layer1.0.conv1.weight', 'layer1.0.bn1.weight', 'layer1.1.conv1.weight'])).toBeNull();
    expect(shallowerStacks(['layer1.2.conv1.weight', 'layer1.2.bn1.weight', 'layer1.4.conv1.weight', 'layer1.4.bn1.weight'])).toBeNull();
    // one block: a part added to the model (a second head) reads the same, so the other findings decide
    expect(shallowerStacks(['heads.1.weight', 'heads.1.bias'])).toBeNull();
    const cut = resnet18IntoResnet34().replace(/"layer4\.2\.bn2\.running_var".*$/s, '"layer4.2.bn2.ru…');
    expect(errorHints(parseErrorText(cut, 'e.txt')).blockers.map((b) => b.code)).not.toContain('fewer_blocks_in_checkpoint');
  });

  it('explain from the text: exit 1, the depth finding alone leads (no generic one-sided account, no "nothing would load")', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: resnet18IntoResnet34() });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { fixable: boolean; causes: { code: string; message: string }[] };
    expect(json.fixable).toBe(false);
    expect(json.causes[0]!.code).toBe('fewer_blocks_in_checkpoint');
    expect(json.causes.map((c) => c.code)).not.toContain('one_sided');
    expect(json.causes.map((c) => c.code)).not.toContain('nothing_loaded');
  });
});
