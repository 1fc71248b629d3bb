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
    expect(byKind('ansi').apply(TEXT, clean)).toContain('\x1b[1;31mRuntimeError\x1b[0m');
    expect(byKind('ipython').apply(TEXT, clean)).toMatch(/^-{75}\nRuntimeError {30}Traceback/);
    expect(byKind('ipython').apply(TEXT, clean)).toContain("'Missing key(s) in state_dict: {}. '.format(");
    expect(byKind('rich').apply(TEXT, clean)!.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(byKind('rich').apply(TEXT, clean)).toMatch(/^╭─+ Traceback/);
    expect(byKind('windows').apply('  File "/home/u/a/train.py", line 3, in <module>', clean)).toBe('  File "C:\\Users\\me\\a\\train.py", line 3, in <module>');
    expect(byKind('repeat').apply(TEXT, clean)!.split('Error(s) in loading').length).toBe(3);
    expect(byKind('two-attempts').apply(TEXT, clean)!.split('Error(s) in loading state_dict for ResNet:').length).toBe(3);
    expect(byKind('cjk-prose').apply(TEXT, clean)).toMatch(/^我.*：\n/);
    expect(byKind('details-html').apply(TEXT, clean)).toContain('<details>\n<summary>');
    expect(byKind('email-reply').apply(TEXT, clean)).toMatch(/wrote:\n\n> Hi, I got this:\n>\n> > RuntimeError/);
    expect(byKind('ja-prose').apply(TEXT, clean)).toMatch(/^学習済み.*：\n/);
    expect(byKind('nbsp').apply(TEXT, clean)).toContain('\u00A0');
    expect(byKind('zero-width').apply('"backbone.layer1.0.downsample.0.weight"', clean)).toBe('"backbone.\u200Blayer1.\u200B0.\u200Bdownsample.\u200B0.\u200Bweight"');
    expect(JSON.parse(byKind('json-log').apply(TEXT, clean)!).message).toBe(TEXT);
    expect(byKind('py-repr').apply(TEXT, clean)!.split('\n')).toHaveLength(1);
    expect(byKind('ansi-bare').apply(TEXT, clean)).toContain('[1;31mRuntimeError[0m');
    expect(byKind('ansi-bare').apply(TEXT, clean)).not.toContain('\x1b');
    expect(byKind('jupyter').apply(TEXT, clean)).toContain('\x1b[0;32m---> \x1b[0m');
    expect(byKind('rank-prefix').apply(TEXT, clean)!.split('\n').every((l) => l.startsWith('[rank0]: '))).toBe(true);
    expect(byKind('shell-session').apply(TEXT, clean)).toMatch(/```console\n\(venv\) user@gpu01:~\/project\$ python/);
    expect(byKind('indented-code').apply(TEXT, clean)!.split('\n').filter((l) => l.includes('key(s)')).every((l) => l.startsWith('    '))).toBe(true);
    const ocr = byKind('ocr').apply(TEXT, clean)!.split('\n');
    expect(new Set(ocr.filter((l) => l.length > 60).map((l) => l.length)).size).toBeGreaterThan(1);
    expect(ocr.every((l) => l === l.trim())).toBe(true);
    expect(byKind('logging-exc').apply(TEXT, clean)).toMatch(/^2024-01-01 12:00:00,123 - train - ERROR - .*\nRuntimeError: Error/);
    expect(byKind('loguru').apply(TEXT, clean)).toMatch(/\| ERROR {4}\| __main__:main:42 - [^]*\n> File [^]*└ [^]*\nRuntimeError: Error/);
    expect(byKind('double-paste').apply(TEXT, clean)).toBe(`${TEXT}\n${TEXT}`);
    expect(byKind('powershell').apply(TEXT, clean)).toMatch(/^PS C:\\Users\\me\\project> python [^\n]*\r\nRuntimeError[^]*\r\nPS C:\\Users\\me\\project> $/);
    expect(byKind('hydra').apply(TEXT, clean)).toMatch(/^Error executing job with overrides: \[[^]*\nRuntimeError[^]*\n\nSet the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace\.$/);
    expect(byKind('chained').apply(TEXT, clean)).toMatch(/^RuntimeError[^]*\n\nThe above exception was the direct cause of the following exception:\n\nTraceback[^]*\nValueError: could not load/);
    const carets = byKind('py311-carets').apply(`Traceback (most recent call last):\n  File "/x/train.py", line 3, in <module>\n    main()\n${TEXT}`, clean)!;
    expect(carets).toContain('    main()\n    ^^^^^^\n');
    expect(carets).toContain('model.load_state_dict(torch.load(args.weights))\n    ~~~~');
    expect(byKind('flattened').apply(TEXT, clean)!.split('\n')).toHaveLength(1);
    // cut-then-words applies to texts read as cut only
    expect(byKind('cut-then-words').apply(TEXT, clean)).toBeNull();
    expect(byKind('cut-then-words').apply(TEXT, { ...clean, truncated: true })).toBe(`${TEXT}\n\nAny idea what is wrong here? Thanks.`);
    // a list of 6 keys: the 4th and 5th folded away behind `Show more`, the 6th kept; the VS Code limit keeps the first 3
    const folded = byKind('show-more').apply(TEXT, clean)!;
    expect(folded).toContain('"bn1.bias",\nShow more\n"bn1.running_var"');
    expect(folded).not.toContain('"bn1.running_mean"');
    const limited = byKind('output-truncated').apply(TEXT, clean)!;
    expect(limited).toMatch(/"conv1\.weight", "bn1\.weight", "bn1\.bias\nOutput is truncated\./);
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
