import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { cleanLines } from '../../src/formats/error-text/clean.js';

const pad = ' '.repeat(128);
// JiangWenPL/multiperson#4, as posted: an mmcv log copied from a terminal that kept each wrapped row's
// padding (128 blanks) and lost the line breaks, so the rows of one line stand side by side
const MULTIPERSON = `unexpected key in source state_dict: fc.weight, fc.bias

missing keys in source state_dict: layer3.3.bn2.num_batches_tracked, layer1.1.bn1.num_batches_tracked, layer3${pad}.2.bn1.num_batches_tracked, layer3.2.bn2.num_batches_tracked, layer3.0.bn3.num_batches_tracked, layer2.0.down${pad}sample.1.num_batches_tracked, layer4.0.bn3.num_batches_tracked, layer3.4.bn2.num_batches_tracked, layer2.3.bn${pad}2.num_batches_tracked, layer2.3.bn3.num_batches_tracked, layer2.3.bn1.num_batches_tracked, layer4.0.bn2.num_b`;

const KEYS = [
  'layer3.3.bn2.num_batches_tracked', 'layer1.1.bn1.num_batches_tracked', 'layer3.2.bn1.num_batches_tracked', 'layer3.2.bn2.num_batches_tracked',
  'layer3.0.bn3.num_batches_tracked', 'layer2.0.downsample.1.num_batches_tracked', 'layer4.0.bn3.num_batches_tracked', 'layer3.4.bn2.num_batches_tracked',
  'layer2.3.bn2.num_batches_tracked', 'layer2.3.bn3.num_batches_tracked', 'layer2.3.bn1.num_batches_tracked',
];

/** Every line broken every `width` characters, as a terminal wraps it. */
const hardWrap = (t: string, width: number) => t.split('\n').map((l) => l.match(new RegExp(`.{1,${width}}`, 'g'))?.join('\n') ?? l).join('\n');

describe("a terminal's padded rows side by side on one line (error-text/clean.ts joinPaddedRows)", () => {
  it('are joined back: every key of the list is read, the last one (cut mid-name) is the cut', () => {
    const r = parseErrorText(MULTIPERSON, 'e.txt');
    expect(r.missing).toEqual(KEYS);
    expect(r.unexpected).toEqual(['fc.weight', 'fc.bias']);
    expect(r.truncated).toBe(true);
  });

  it('the same when the padding became one tab each, or the line was wrapped again at 80 columns (rows of nothing but padding)', () => {
    for (const text of [MULTIPERSON.replace(/ {2,}/g, '\t'), hardWrap(MULTIPERSON, 80), hardWrap(`2024-01-01 12:00:00 ERROR ${MULTIPERSON.split('\n').join('\n2024-01-01 12:00:00 ERROR ')}`, 80)]) {
      const r = parseErrorText(text, 'e.txt');
      expect(r.missing).toEqual(KEYS);
      expect(r.unexpected).toEqual(['fc.weight', 'fc.bias']);
    }
  });

  it('columns aligned by blanks (rows of different widths) are left as they are', () => {
    const table = `missing keys in source state_dict: a.weight, b.weight${' '.repeat(20)}c.weight, d.weight, e.weight, f.weight, g.weight, h.weight, i.weight${' '.repeat(20)}j.weight`;
    expect(parseErrorText(table, 'e.txt').missing).toEqual(['a.weight', 'b.weight']);
  });
});

// gjy3035/C-3-Framework#64, as posted (the issue title, then the body's traceback cut inside its list), after an
// earlier attempt's error and the poster's words: the title names the unexpected key the body's list lost
const C3 = `Missing key(s) in state_dict: "CCN.frontend.0.weight",Unexpected key(s) in state_dict: "CCN.module.frontend.0.weight"

python test.py

Traceback (most recent call last):
  File "test.py", line 56, in test
    net.load_state_dict(torch.load(model_path))
  File "/home/deeplp/anaconda3/lib/python3.6/site-packages/torch/nn/modules/module.py", line 839, in load_state_dict
    self.__class__.__name__, "\\n\\t".join(error_msgs)))
RuntimeError: Error(s) in loading state_dict for CrowdCounter:
	Missing key(s) in state_dict: "CCN.frontend.0.weight", "CCN.frontend.0.bias", "CCN.frontend.2.weight", "CCN.frontend.2.bias", "CCN.backend.10`;
const EARLIER = `RuntimeError: Error(s) in loading state_dict for CrowdCounter:
	Missing key(s) in state_dict: "CCN.frontend.0.weight", "CCN.frontend.0.bias".
	Unexpected key(s) in state_dict: "epoch", "model", "optimizer".

Then I loaded checkpoint["model"] and now get:

`;

describe('the last of several attempts (error-text.ts lastAttemptStart)', () => {
  it("is read from the blank line that ends the earlier error: what the poster pasted above the last heading is the last attempt's", () => {
    const alone = parseErrorText(C3, 'e.txt');
    const after = parseErrorText(EARLIER + C3, 'e.txt');
    expect(after.unexpected).toEqual(['CCN.module.frontend.0.weight']);
    expect(after.missing).toEqual(alone.missing);
    expect(after.notes.some((n) => n.includes('2 errors for CrowdCounter'))).toBe(true);
  });
});

describe("a custom loader's line per key, the side after the key (error-text/loose.ts KEY_THEN_SIDE_LINE)", () => {
  it('reads every key of `parameter X not found` lines, whatever its last name', () => {
    const r = parseErrorText('"finished create the encoder modules...\nparameter smpl.v_template not found\nparameter smpl.weight not found\nparameter smpl.e3 not found"', 'e.txt');
    expect(r.missing).toEqual(['smpl.v_template', 'smpl.weight', 'smpl.e3']);
    expect(r.unexpected).toEqual([]);
  });
});

describe('columns of one width narrower than a terminal (joinPaddedRows)', () => {
  it('stay columns: a key, its shape and its dtype padded to 40 columns each are not glued into one token', () => {
    const row = `${'conv1.weight'.padEnd(40)}${'torch.Size([64, 3, 7, 7])'.padEnd(40)}torch.float32`;
    expect(cleanLines(row)).toEqual([row]);
  });
});
