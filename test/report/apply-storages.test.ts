import { describe, expect, test } from 'vitest';
import { storagesText } from '../../src/report/apply.js';

// review 12 F5: "the old data.pkl (18.2 KiB) is zeroed in place, unlisted" read as if the user's source were
// changed; apply writes zeros over the old pickle's place in the new file only (apply-fast.ts zeroUnlisted)
describe('the in-kernel copy says what happens to the old data.pkl: zeros in the output, the source untouched', () => {
  test('in the output, never "in place"', () => {
    const text = storagesText({ kind: 'in-kernel', orphans: [{ name: 'archive/data.pkl', bytes: 18_637 }] });
    expect(text).not.toContain('in place');
    expect(text).toMatch(/in the output, the place of the source's old data\.pkl \(18\.2 KiB\) is filled with zeros/);
    expect(text).toContain('the source file is not changed');
  });
});
