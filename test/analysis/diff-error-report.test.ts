import { describe, expect, it } from 'vitest';
import { diffWithErrorReport } from '../../src/analysis/diff.js';
import { parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import type { KeyEntry } from '../../src/formats/keys.js';

// the checkpoint of aks2203/deep-thinking#5 as its error describes it: saved from DataParallel
const KEYS = ['projection.0.weight', 'recur_block.0.0.conv1.weight', 'recur_block.0.0.conv2.weight', 'head.0.weight', 'head.2.weight'];
const CKPT: KeyEntry[] = KEYS.map((k, i) => ({ key: `module.${k}`, shape: [8, i + 1], dtype: 'float32' }));
const ERROR = `RuntimeError: Error(s) in loading state_dict for DTNet:
\tMissing key(s) in state_dict: ${KEYS.map((k) => `"${k}"`).join(', ')}. 
\tUnexpected key(s) in state_dict: ${KEYS.map((k) => `"module.${k}"`).join(', ')}. `;

function report(over: Partial<ErrorReport>): ErrorReport {
  return { kind: 'load_state_dict', modelName: 'Net', missing: [], unexpected: [], sizeMismatch: [], truncated: false, notes: [], ...over };
}

describe('diffWithErrorReport', () => {
  it('without a checkpoint, gives the error lists and says what is unknown', () => {
    const d = diffWithErrorReport(null, parseErrorText(ERROR, 'e.txt'));
    expect(d.missing).toEqual(KEYS);
    expect(d.unexpected).toEqual(KEYS.map((k) => `module.${k}`));
    expect(d.matched).toEqual([]);
    expect(d.unknown).toEqual([]);
    expect(d.notes.join('\n')).toMatch(/cannot tell which keys matched/);
  });

  it('with the checkpoint that produced it, agrees and adds nothing alarming', () => {
    const d = diffWithErrorReport(CKPT, parseErrorText(ERROR, 'e.txt'));
    expect(d.unexpected).toEqual(CKPT.map((e) => e.key));
    expect(d.missing).toEqual(KEYS);
    expect(d.matched).toEqual([]);
    expect(d.notes.join('\n')).not.toMatch(/not produced by this checkpoint/);
    expect(d.notes.join('\n')).toMatch(/dtype mismatches cannot be checked/);
  });

  it('assumes unmentioned checkpoint keys matched, and takes shapes from the checkpoint', () => {
    const ckpt: KeyEntry[] = [
      { key: 'conv1.weight', shape: [64, 3, 7, 7], dtype: 'float32' },
      { key: 'fc.weight', shape: [1000, 512], dtype: 'float32' },
      { key: 'fc.bias', shape: [1000], dtype: 'float32' },
      { key: 'aux.weight', shape: [4], dtype: 'float32' },
    ];
    const r = report({
      unexpected: ['aux.weight'],
      sizeMismatch: [
        { key: 'fc.weight', source: [1000, 512], expected: [10, 512] },
        { key: 'fc.bias', source: [1000], expected: [10] },
      ],
    });
    const d = diffWithErrorReport(ckpt, r);
    expect(d.matched).toEqual(['conv1.weight']);
    expect(d.unexpected).toEqual(['aux.weight']);
    expect(d.shapeMismatch).toEqual([
      { key: 'fc.weight', source: [1000, 512], expected: [10, 512] },
      { key: 'fc.bias', source: [1000], expected: [10] },
    ]);
    expect(d.notes).toContain('1 key the checkpoint has that the error does not mention is assumed matched');
  });

  it('leaves unmentioned keys unknown when the error was cut short (neptune-style paste)', () => {
    const ckpt: KeyEntry[] = ['a.weight', 'b.weight', 'c.weight'].map((key) => ({ key, shape: [1], dtype: null }));
    const d = diffWithErrorReport(ckpt, report({ missing: ['module.a.weight'], truncated: true }));
    expect(d.matched).toEqual([]);
    expect(d.unknown).toEqual(['a.weight', 'b.weight', 'c.weight']);
    expect(d.notes.join('\n')).toMatch(/cut short: it lists 1 missing key, 0 unexpected keys and 0 size mismatches, but may have held more, so 3 checkpoint keys/);
  });

  it('says when the error was not produced by this checkpoint', () => {
    const ckpt: KeyEntry[] = [
      { key: 'encoder.weight', shape: [4, 4], dtype: null },
      { key: 'fc.weight', shape: [5, 4], dtype: null },
    ];
    const d = diffWithErrorReport(
      ckpt,
      report({
        missing: ['encoder.weight'],
        unexpected: ['module.encoder.weight', 'module.fc.weight'],
        sizeMismatch: [{ key: 'fc.weight', source: [1000, 4], expected: [5, 4] }],
      }),
    );
    const notes = d.notes.join('\n');
    expect(notes).toMatch(/2 keys the error calls unexpected are not in this checkpoint \(`module\.encoder\.weight`, `module\.fc\.weight`\): the error was not produced by this checkpoint/);
    expect(notes).toMatch(/1 key the error calls missing is in this checkpoint \(`encoder\.weight`\)/);
    expect(notes).toMatch(/1 size mismatch in the error does not fit this checkpoint's shapes/);
    // what this checkpoint would actually do: its fc.weight fits the model, and it does hold encoder.weight
    expect(d.shapeMismatch).toEqual([]);
    expect(d.missing).toEqual([]);
    expect(d.matched).toEqual(['encoder.weight', 'fc.weight']);
  });

  it('recognises an error raised by loading the whole checkpoint instead of the state dict inside it', () => {
    const ckpt: KeyEntry[] = [
      { key: 'embed.weight', shape: [8, 4], dtype: null },
      { key: 'head.weight', shape: [2, 8], dtype: null },
    ];
    const d = diffWithErrorReport(ckpt, report({ missing: ['embed.weight', 'head.weight'], unexpected: ['trainer', 'args', 'epoch'] }));
    expect(d.missing).toEqual([]);
    expect(d.matched).toEqual(['embed.weight', 'head.weight']);
    expect(d.notes.join('\n')).toMatch(/the error came from passing the whole checkpoint to load_state_dict instead of this state dict inside it/);
  });

  it("carries the error's own notes first", () => {
    const d = diffWithErrorReport(null, report({ notes: ['the model was wrapped in DataParallel when loading'] }));
    expect(d.notes[0]).toBe('the model was wrapped in DataParallel when loading');
  });

  it('a bare counter BatchNorm put in itself (its running_var missing) is not "not in this checkpoint": the model keeps none (s24-verify F2)', () => {
    const bn = ['weight', 'bias', 'running_mean', 'running_var'];
    const ckpt: KeyEntry[] = [...bn, 'num_batches_tracked'].map((l) => ({ key: `module.bn1.${l}`, shape: l === 'num_batches_tracked' ? [] : [8], dtype: 'float32' }));
    const d = diffWithErrorReport(ckpt, report({ missing: bn.map((l) => `bn1.${l}`), unexpected: [...ckpt.map((e) => e.key), 'bn1.num_batches_tracked'] }));
    const notes = d.notes.join('\n');
    expect(notes).not.toMatch(/not in this checkpoint/);
    expect(notes).toMatch(/`bn1\.num_batches_tracked`\) was put in by BatchNorm's own load hook .* keeps no `num_batches_tracked` counter/);
  });
});
