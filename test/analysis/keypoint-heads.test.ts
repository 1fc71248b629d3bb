import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { keypointLayout } from '../../src/analysis/keypoint-heads.js';
import { parseErrorText } from '../../src/formats/error-text.js';

// TeCSAR-UNCC/EfficientHRNet#10, as posted
const EFFICIENTHRNET = `size mismatch for final_layers.1.weight: copying a param with shape torch.Size([34, 32, 1, 1]) from checkpoint, the shape in current model is torch.Size([17, 32, 1, 1]).
size mismatch for final_layers.1.bias: copying a param with shape torch.Size([34]) from checkpoint, the shape in current model is torch.Size([17]).`;

describe('a pose network\'s heatmap output of another keypoint layout (keypoint-heads.ts)', () => {
  it('34 vs 17 in `final_layers`: heatmaps + associative-embedding tags, a config blocker, never a head dropped', () => {
    const h = errorHints(parseErrorText(EFFICIENTHRNET, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['keypoint_layout']);
    expect(h.blockers[0]!.message).toContain('associative-embedding tags');
    expect(h.drops).toEqual([]);
    // the same shapes in a classifier stay a head of another class count (dropped for a fine-tune)
    const classifier = EFFICIENTHRNET.replaceAll('final_layers.1', 'classifier');
    const c = errorHints(parseErrorText(classifier, 'e.txt'));
    expect(c.blockers.map((b) => b.code)).not.toContain('keypoint_layout');
  });

  it('two skeletons, or K and 2K; not other counts, not a changed kernel', () => {
    expect(keypointLayout({ key: 'final_layers.0.weight', source: [14, 32, 1, 1], expected: [17, 32, 1, 1] })?.says).toContain('CrowdPose');
    expect(keypointLayout({ key: 'final_layer.bias', source: [16], expected: [32] })?.says).toContain('tags');
    expect(keypointLayout({ key: 'final_layers.0.weight', source: [80, 32, 1, 1], expected: [17, 32, 1, 1] })).toBeNull();
    expect(keypointLayout({ key: 'final_layers.0.weight', source: [34, 32, 1, 1], expected: [17, 48, 1, 1] })).toBeNull();
    expect(keypointLayout({ key: 'fc.weight', source: [34, 32], expected: [17, 32] })).toBeNull();
  });
});
