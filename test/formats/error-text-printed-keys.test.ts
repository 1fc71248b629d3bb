import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

/**
 * A linear-evaluation loader's assertion beside the keys the poster printed one a line
 * (facebookresearch/simsiam#8, as posted: the printed list stops inside `encoder.layer1.1.bn`).
 */
const SIMSIAM = `# AssertionError: assert set(msg.missing_keys) == {"fc.weight", "fc.bias"}

My pretraining phase went well, but now when I try loading the checkpoint to train the classifier it breaks.
\`\`\`
for k in list(state_dict.keys()):
    print(k)
\`\`\`
\`\`\`encoder.conv1.weight
encoder.bn1.weight
encoder.bn1.bias
encoder.bn1.running_mean
encoder.bn1.running_var
encoder.bn1.num_batches_tracked
encoder.layer1.0.conv1.weight
encoder.layer1.0.bn1.weight
encoder.layer1.0.bn1.bias
encoder.layer1.0.conv2.weight
encoder.layer1.0.bn2.weight
encoder.layer1.0.bn2.bias
encoder.layer1.1.conv1.weight
encoder.layer1.1.bn1.weight
encoder.layer1.1.bn1.bias
encoder.layer1.1.bn`;

describe('a printed key list that stops inside a key', () => {
  it('at the text\'s end: the cut key is not read', () => {
    const r = parseErrorText(SIMSIAM, 'paste.txt');
    expect(r.truncated).toBe(true);
    expect(r.unsided).not.toContain('encoder.layer1.1.bn');
  });

  it('before a blank line and the same paste again: `bn` only starts its siblings\' `bn1`/`bn2`, so it was cut there too', () => {
    const twice = `${SIMSIAM}\n\nRunning it again gives the same error:\n\n${SIMSIAM}`;
    const listThenWords = `${SIMSIAM}\n\nAny idea what goes wrong here?`;
    for (const text of [twice, listThenWords]) {
      const r = parseErrorText(text, 'paste.txt');
      expect(r.truncated).toBe(true);
      expect(r.unsided).not.toContain('encoder.layer1.1.bn');
      expect(r.unsided).toContain('encoder.layer1.1.bn1.bias');
    }
  });

  it('a last key that ends like its siblings is whole wherever the list ends', () => {
    const whole = SIMSIAM.replace(/\nencoder\.layer1\.1\.bn$/, '');
    const r = parseErrorText(`${whole}\n\nAny idea what goes wrong here?`, 'paste.txt');
    expect(r.truncated).toBeFalsy();
    expect(r.unsided).toContain('encoder.layer1.1.bn1.bias');
  });
});
