import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { decide, problems, VARIANTS } from '../../bench/diagnosis/paste-variants.js';

// a real text's shape (pytorch/vision-like): a prefix the whole list shows
const TEXT = `RuntimeError: Error(s) in loading state_dict for ResNet:
\tMissing key(s) in state_dict: "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "fc.weight". 
\tUnexpected key(s) in state_dict: "module.conv1.weight", "module.bn1.weight", "module.bn1.bias", "module.bn1.running_mean", "module.bn1.running_var", "module.fc.weight". `;

describe('the paste variants and their invariant', () => {
  const byKind = (k: string) => VARIANTS.find((v) => v.kind === k)!;
  const clean = parseErrorText(TEXT, 't');

  it('each variant changes the text the way its name says', () => {
    expect(byKind('md-quote').apply(TEXT, clean)!.split('\n').every((l) => l.startsWith('> '))).toBe(true);
    expect(byKind('wrap-80').apply(TEXT, clean)!.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect(byKind('log-prefix').apply(TEXT, clean)!.split('\n').every((l) => l.startsWith('2024-01-01 12:00:00 ERROR '))).toBe(true);
    expect(byKind('html-escape').apply(TEXT, clean)).toContain('&quot;');
    const cut = byKind('cut-list').apply(TEXT, clean)!;
    expect(cut).toContain('"conv1.weight", "bn1.weight", "bn1.bias", ...');
    expect(cut).not.toContain('"fc.weight"');
  });

  it('the invariant can fail: another plan breaks a lossless variant, a cut read as whole breaks the cut one', async () => {
    const a = await decide(TEXT);
    const other = await decide(TEXT.replaceAll('module.', 'model.'));
    expect(problems(byKind('crlf'), a, a)).toEqual([]);
    expect(problems(byKind('crlf'), a, other)).toHaveLength(1);
    const cutText = byKind('cut-list').apply(TEXT, clean)!;
    const cut = await decide(cutText);
    expect(cut.out!.truncated).toBe(true);
    expect(problems(byKind('cut-list'), a, cut)).toEqual([]);
    // a cut read as a whole list, mapping a key elsewhere than the whole text does
    const wrong = { code: 1, out: { ...cut.out!, truncated: false, plan: { ...cut.out!.plan, mapping: { 'module.fc.weight': 'head.weight' } } } };
    expect(problems(byKind('cut-list'), a, wrong)).toEqual(['not read as cut', 'module.fc.weight -> "head.weight", whole text "fc.weight"']);
  });
});
