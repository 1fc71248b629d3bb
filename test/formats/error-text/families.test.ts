import { describe, expect, it } from 'vitest';
import { looksLikeErrorText } from '../../../src/formats/error-text.js';
import { MESSAGE_DETECTOR, MESSAGE_FAMILIES } from '../../../src/formats/error-text/families.js';

/** The message table: each row finds the line its printer writes, the detector is every row, prose is no message. */

const squash = (t: string) => t.replace(/\s+/g, '');

describe('the message families sdmatch recognises', () => {
  for (const row of MESSAGE_FAMILIES) {
    it(`${row.family}: ${row.printer} (${row.source})`, () => {
      expect(new RegExp(row.pattern.source, 'i').test(squash(row.example))).toBe(true);
      // wrapped by a terminal anywhere, retyped in another case: still that message
      expect(MESSAGE_DETECTOR.test(squash(row.example.toLowerCase()))).toBe(true);
      expect(looksLikeErrorText(row.example.replace(/(.{17})/g, '$1\n'))).toBe(true);
      expect(row.source.length).toBeGreaterThan(5);
    });
  }

  it('each row is its own family: no two rows hold the same pattern', () => {
    expect(new Set(MESSAGE_FAMILIES.map((r) => r.pattern.source)).size).toBe(MESSAGE_FAMILIES.length);
  });

  it("prose about loading, a path or a shape is not a message of any row", () => {
    for (const prose of [
      'I trained ResNet on my data, saved the state_dict and the loss went down.',
      'model.load_state_dict(torch.load("ckpt.pth")) works on GPU but not on CPU',
      'torch.Size([1000, 512]) is the shape of fc.weight in the checkpoint',
    ]) {
      expect(MESSAGE_DETECTOR.test(squash(prose)), prose).toBe(false);
    }
  });
});
