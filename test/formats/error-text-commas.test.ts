import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

// ruotianluo/ImageCaptioning.pytorch#74, as posted: torch 0.4's wording with a doubled comma in one line
const CAPTIONING = `\`RuntimeError: Error(s) in loading state_dict for Att2in2Model:
        size mismatch for embed.0.weight: copying a param of torch.Size([1557, 512]) from checkpoint, , where the shape is torch.Size([9488, 512]) in current model.
        size mismatch for logit.bias: copying a param of torch.Size([1557]) from checkpoint, where the shape is torch.Size([9488]) in current model.
        size mismatch for logit.weight: copying a param of torch.Size([1557, 512]) from checkpoint, where the shape is torch.Size([9488, 512]) in current model.
Terminating BlobFetcher\``;

describe('a size line with stray commas between its halves (error-text.ts RE_SIZE_REST)', () => {
  it('is read whole, with both shapes (torch 0.4.1 printed the model\'s first), not as a line cut before its shapes', () => {
    const r = parseErrorText(CAPTIONING, 'e.txt');
    expect(r.truncated).toBe(false);
    expect(r.sizeMismatchCut ?? []).toEqual([]);
    expect(r.sizeMismatch.find((m) => m.key === 'embed.0.weight')).toMatchObject({ source: [9488, 512], expected: [1557, 512] });
  });
});
