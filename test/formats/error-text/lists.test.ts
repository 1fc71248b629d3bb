import { describe, expect, it } from 'vitest';
import { expandBraces, isBraceGroup, readPythonList, readQuotedList, readUnquotedList } from '../../../src/formats/error-text/lists.js';

describe('expandBraces', () => {
  it("expands fvcore's groups: one, repeated, nested, and transformers' ranges", () => {
    expect(expandBraces('a.{bias, weight}')).toEqual(['a.bias', 'a.weight']);
    expect(expandBraces('h.{cls, box}.{bias, weight}')).toEqual(['h.cls.bias', 'h.cls.weight', 'h.box.bias', 'h.box.weight']);
    expect(expandBraces('m.{deconv.{bias, weight}, predictor.weight}')).toEqual(['m.deconv.bias', 'm.deconv.weight', 'm.predictor.weight']);
    expect(expandBraces('layers.{0...2}.w')).toEqual(['layers.0.w', 'layers.1.w', 'layers.2.w']);
    expect(expandBraces('plain.key')).toEqual(['plain.key']);
  });

  it('refuses what is not one group, and products past its limit', () => {
    for (const bad of ['a.{b, c', 'a.b}', 'a b.{c, d}', 'a, b']) expect(expandBraces(bad), bad).toBeNull();
    expect(expandBraces('{a,b}{a,b}{a,b}', 4)).toBeNull();
    expect(expandBraces('{a,b}{a,b}', 4)).toHaveLength(4);
  });

  it('isBraceGroup checks the shape without expanding', () => {
    expect(isBraceGroup('backbone.fpn_lateral2.{bias, weight}')).toBe(true);
    expect(isBraceGroup('backbone.stem.conv1.weight')).toBe(false);
    expect(isBraceGroup('The checkpoint {a, b} said')).toBe(false);
    expect(isBraceGroup('{'.repeat(1000))).toBe(false);
  });
});

describe('list readers', () => {
  it('a quoted key holding an elision or prose is cut, not read', () => {
    const s = '"a.weight", "b.bias.....Unexpected key(s) in state_dict: "x".';
    const r = readQuotedList(s, 0, '.');
    expect(r.keys).toEqual(['a.weight']);
    expect(r.truncated).toBe(true);
  });

  it("splits diffusers' one-string list and says it did", () => {
    expect(readPythonList(" ['a.b, c.d']", 0)).toMatchObject({ keys: ['a.b', 'c.d'], joined: true, truncated: false });
    expect(readPythonList("['a.b', 'c.d']", 0)).toMatchObject({ keys: ['a.b', 'c.d'], joined: false });
    expect(readPythonList('no list', 0)).toBeNull();
  });

  it('unquoted lists stop at prose and flag elisions', () => {
    expect(readUnquotedList('a.b, c.d, ......"')).toEqual({ keys: ['a.b', 'c.d'], truncated: true, stopped: false });
    // the last key, then the poster's words on its line: the key is read, the list ends there
    expect(readUnquotedList('a.b, c.d and then some words')).toEqual({ keys: ['a.b', 'c.d'], truncated: false, stopped: true });
    // a word that is no key name (no dot) before prose is not taken for one
    expect(readUnquotedList('a.b, see above')).toEqual({ keys: ['a.b'], truncated: false, stopped: true });
  });

  it('an mmcv list followed on its line by the question asked about it (yinjunbo/IS-Fusion#27)', async () => {
    const { parseErrorText } = await import('../../../src/formats/error-text.js');
    const r = parseErrorText('unexpected key in source state_dict: img_backbone.norm0.weight, img_backbone.norm0.bias 加载swin transformer时这两个不匹配 会影响后面训练结果吗？', 'e.txt');
    expect(r.unexpected).toEqual(['img_backbone.norm0.weight', 'img_backbone.norm0.bias']);
  });
});
