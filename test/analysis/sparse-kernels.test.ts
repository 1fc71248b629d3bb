import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { kernelConversion } from '../../src/analysis/sparse-kernels.js';
import { parseErrorText } from '../../src/formats/error-text.js';

// tianweiy/CenterPoint#317, as posted (cut): a spconv 1.x model-zoo checkpoint in a spconv 2.x model
const CENTERPOINT = `\`Error(s) in loading state_dict for VoxelNet:

\tsize mismatch for backbone.conv_input.0.weight: copying a param with shape torch.Size([3, 3, 3, 5, 16]) from checkpoint, the shape in current model is torch.Size([16, 3, 3, 3, 5]).
\t
\tsize mismatch for backbone.conv1.0.conv1.weight: copying a param with shape torch.Size([3, 3, 3, 16, 16]) from checkpoint, the shape in current model is torch.Size([16, 3, 3, 3, 16]).
\t
\tsize mismatch for backbone.conv1.0.conv2.weight: copying a param with shape torch.Size([3, 3, 3, 16, 16]) from checkpoint, the shape in current model is torch.Size([16, 3, 3, 3, 16]).
\t
\tsize mismatch for`;
// JIA-Lab-research/3D-Box-Segment-Anything#1: VoxelNeXt's 2-d sparse heads, implicit-gemm KRSC saved, native RSKC built
const VOXELNEXT = `RuntimeError: Error(s) in loading state_dict for VoxelNeXt:
\tUnexpected key(s) in state_dict: "global_step". 
...
\tsize mismatch for dense_head.heads_list.5.rot.1.weight: copying a param with shape torch.Size([2, 1, 1, 128]) from checkpoint, the shape in current model is torch.Size([1, 1, 2, 128]).
\tsize mismatch for dense_head.heads_list.5.vel.0.0.weight: copying a param with shape torch.Size([128, 1, 1, 128]) from checkpoint, the shape in current model is torch.Size([1, 1, 128, 128]).`;

describe('sparse-convolution kernel layouts by their libraries\' documented conventions (sparse-kernels.ts)', () => {
  it('names the one layout pair every kernel of the text fits and its permutation, square kernels included', () => {
    const center = parseErrorText(CENTERPOINT, 'e.txt');
    expect(kernelConversion(center.sizeMismatch)).toMatchObject({ dims: [4, 0, 1, 2, 3] });
    // two kernels of one name at least: the plan makes the permutation (infer/layout-fixes.ts), so a finding, no blocker
    const hints = errorHints(center);
    expect(hints.blockers.map((b) => b.code)).not.toContain('kernel_layout');
    const message = hints.notes.find((b) => b.code === 'kernel_layout')!.message;
    expect(message).toContain('spconv 1.x RSCK');
    expect(message).toContain('w.permute(4, 0, 1, 2, 3)');
    expect(message).toContain("the plan's transposes");
    const voxelnext = parseErrorText(VOXELNEXT, 'e.txt');
    expect(kernelConversion(voxelnext.sizeMismatch)).toMatchObject({ dims: [1, 2, 0, 3] });
    expect(errorHints(voxelnext).notes.find((b) => b.code === 'kernel_layout')!.message).toContain('w.permute(1, 2, 0, 3)');
  });

  it('no conversion where only the square kernels are shown (two pairs fit), or a dense kernel of as many in as out channels', () => {
    const square = parseErrorText(CENTERPOINT.replace(/\tsize mismatch for backbone\.conv_input[^\n]*\n/, ''), 'e.txt');
    expect(square.sizeMismatch).toHaveLength(2);
    expect(kernelConversion(square.sizeMismatch)).toBeNull();
    expect(errorHints(square).blockers.find((b) => b.code === 'kernel_layout')!.message).toContain('no single documented layout pair fits');
    // a dense [32, 32, 3, 3, 3]: a Conv's [out, in, k…] and a ConvTranspose's [in, out, k…] fit alike (SegDINO3D-2)
    expect(kernelConversion([{ key: 'w', source: [32, 32, 3, 3, 3], expected: [32, 3, 3, 3, 32] }])).toBeNull();
  });
});
