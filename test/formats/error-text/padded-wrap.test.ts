import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../../src/formats/error-text.js';
import { errorHints } from '../../../src/analysis/error-hints.js';
import { isOutputHead } from '../../../src/analysis/key-roles.js';
import { tuningCaseText } from '../../helpers/diagnosis-case.js';

/**
 * jizhishutong/YOLOU#13 (tuning22's arrival miss): torch's size line wrapped inside `checkpoint` by a view that padded
 * the wrapped line to its width (`from check` + 83 spaces + `point`). The line was read as cut before its shapes
 * ("give the whole line"); it is whole, and its key is YOLOX's per-level class output (`cls_preds.N`).
 */
describe('a size line wrapped inside a word and padded with blanks', () => {
  it('YOLOU#13 as posted: both shapes read, not cut', () => {
    const r = parseErrorText(tuningCaseText('jizhishutong-YOLOU-13'), 'e.txt');
    expect(r.truncated).toBe(false);
    expect(r.sizeMismatch).toEqual([{ key: 'model.33.cls_preds.2.bias', source: [80], expected: [14] }]);
  });

  it("YOLOX's `cls_preds` is a class head: dropped for another class count, the model's kept", () => {
    expect(isOutputHead('head.cls_preds.0.weight')).toBe(true);
    expect(isOutputHead('model.33.cls_convs.0.0.conv.weight')).toBe(false);
    const h = errorHints(parseErrorText(tuningCaseText('jizhishutong-YOLOU-13'), 'e.txt'));
    expect(h.drops.map((d) => d.key)).toEqual(['model.33.cls_preds.2.bias']);
  });
});
