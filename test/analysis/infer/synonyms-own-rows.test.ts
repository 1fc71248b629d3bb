import { describe, expect, it } from 'vitest';
import { canonicalKey, canonicalSegment } from '../../../src/analysis/infer/synonyms.js';
import { parseErrorText } from '../../../src/formats/error-text.js';

// Keys and class names are user data: a segment spelled like an Object.prototype member must come back as itself.
describe('synonym and note tables read their own rows only', () => {
  it('a key segment named constructor, toString or __proto__ is no synonym', () => {
    for (const s of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      expect(canonicalSegment(s)).toBe(s);
      expect(canonicalKey(`blocks.0.${s}.weight`)).toBe(`blocks.0.${s}.weight`);
    }
    expect(canonicalSegment('gamma')).toBe('weight');
  });

  it('an error for a model class named constructor carries no function among its notes', () => {
    const text = 'RuntimeError: Error(s) in loading state_dict for constructor:\n\tMissing key(s) in state_dict: "fc.weight".\n';
    const parsed = parseErrorText(text, 'err.txt');
    for (const n of parsed.notes) expect(typeof n).toBe('string');
  });
});
