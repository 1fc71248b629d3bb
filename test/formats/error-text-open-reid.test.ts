import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

// hwz-zju/Instruct-ReID#20, as posted: open-reid's copy_state_dict (reid/utils/serialization.py) prints each tensor of
// another shape (checkpoint's size, then the model's), then every model key it did not copy, as a Python set
const INSTRUCT_REID = "=> Loaded checkpoint '/media2/harshm/part2/Instruct-ReID/checkpoint_li.pth.tar'\nmismatch: classifier.weight torch.Size([2800, 768]) torch.Size([96, 768])\nmismatch: classifier_f.weight torch.Size([2800, 768]) torch.Size([96, 768])\nmismatch: classifier_c.weight torch.Size([2800, 768]) torch.Size([96, 768])\nmissing keys in state_dict: {'classifier.weight', 'classifier_f.weight', 'classifier_c.weight'}";

describe("open-reid's copy_state_dict printout (error-text.ts readCopyStateDict)", () => {
  it('a `mismatch:` line is a size mismatch, checkpoint first; a key it names is in both, so not missing; the text is whole', () => {
    const r = parseErrorText(INSTRUCT_REID, 'e.txt');
    expect(r.families).toEqual(['open-reid']);
    expect(r.sizeMismatch).toEqual(['classifier.weight', 'classifier_f.weight', 'classifier_c.weight'].map((key) => ({ key, source: [2800, 768], expected: [96, 768] })));
    expect(r.missing).toEqual([]);
    expect(r.truncated).toBe(false);
  });

  it('a model key it could not copy at all stays missing (Python 2 prints the set as `set([...])`)', () => {
    const r = parseErrorText("mismatch: classifier.weight torch.Size([751, 2048]) torch.Size([702, 2048])\nmissing keys in state_dict: set(['classifier.weight', 'feat_bn.weight'])", 'e.txt');
    expect(r.missing).toEqual(['feat_bn.weight']);
    expect(r.sizeMismatch.map((m) => m.key)).toEqual(['classifier.weight']);
  });
});
