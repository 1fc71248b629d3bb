import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/formats/errors.js';
import { KEY_LIST_FORMS, looksLikePrintedKeys, parsePrintedKeys } from '../../src/formats/printed-keys.js';
import { looksLikeKeyList } from '../../src/formats/key-list.js';

/**
 * Review 22 F13: the key lists a PyTorch user prints (`print(sd.keys())`, `print(list(sd))`, `print(k, v.shape)`)
 * were refused. The texts below are torch 1.13's own output for Conv2d(3,8,3), BatchNorm2d(8), Linear(8,5)
 * (test/python/printed-keys.full.test.ts prints them afresh and runs the commands on them).
 */
const KEYS = ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked', 'fc.weight', 'fc.bias'];
const SHAPES = [[8, 3, 3, 3], [8], [8], [8], [8], [8], [], [5, 8], [5]];
const ODICT = `odict_keys([${KEYS.map((k) => `'${k}'`).join(', ')}])\n`;
const LIST = `[${KEYS.map((k) => `'${k}'`).join(', ')}]\n`;
const PPRINT = `[${KEYS.map((k) => `'${k}'`).join(',\n ')}]\n`;
const SIZE = KEYS.map((k, i) => `${k} torch.Size([${SHAPES[i]!.join(', ')}])\n`).join('');
const TUPLE = KEYS.map((k, i) => `${k} (${SHAPES[i]!.join(', ')}${SHAPES[i]!.length === 1 ? ',' : ''})\n`).join('');

function refusal(text: string): string {
  try {
    parsePrintedKeys(text, 'keys.txt');
  } catch (e) {
    if (e instanceof FormatError) return e.toLine();
    throw e;
  }
  return 'read';
}

describe('printed key lists', () => {
  it.each([['odict_keys', ODICT], ['dict_keys', ODICT.replace('odict_keys', 'dict_keys')], ['a list', LIST], ['pprint', PPRINT]])('%s: every key in order, shapes unknown', (_, text) => {
    expect(looksLikePrintedKeys(text)).toBe(true);
    const r = parsePrintedKeys(text, 'keys.txt');
    expect(r.shapes).toBe(false);
    expect(r.entries.map((e) => e.key)).toEqual(KEYS);
    expect(r.entries.every((e) => e.shape === null)).toBe(true);
  });

  it.each([['torch.Size', SIZE], ['tuple', TUPLE], ['with a colon and dtype', SIZE.replace(/ torch\.Size(.*)\n/g, ': torch.Size$1 torch.float32\n')]])('%s lines: keys with their shapes', (_, text) => {
    expect(looksLikePrintedKeys(text)).toBe(true);
    expect(looksLikeKeyList(text)).toBe(false);
    const r = parsePrintedKeys(text, 'keys.txt');
    expect(r.shapes).toBe(true);
    expect(r.entries.map((e) => e.key)).toEqual(KEYS);
    expect(r.entries.map((e) => e.shape)).toEqual(SHAPES);
  });

  it('a terminal\'s wrap inside a key is dropped; repr\'s quotes and escapes are read', () => {
    const r = parsePrintedKeys(`odict_keys(['conv.wei\nght', "it's", 'a\\\\b', 'caf\\xe9'])`, 'k.txt');
    expect(r.entries.map((e) => e.key)).toEqual(['conv.weight', "it's", 'a\\b', 'café']);
  });

  it.each([
    ['`...` in the list', "odict_keys(['conv.weight', 'conv.bias', ...])", /cut short \(`\.\.\.` in the list, after 2 keys\)/],
    ['the text ends inside a key', "['conv.weight', 'conv.bias', 'bn.wei", /cut short \(the text ends inside a key, after 2 keys\)/],
    ['no closing bracket', "['conv.weight', 'conv.bias',\n", /cut short \(the text ends before the closing \], after 2 keys\)/],
    ['no closing paren', "odict_keys(['conv.weight'])".slice(0, -1), /cut short \(the text ends before the closing \), after 1 key\)/],
    ['a `...` line among shapes', SIZE.split('\n').slice(0, 3).join('\n') + '\n...\n', /cut short \(`\.\.\.` on line 4, after 3 keys\)/],
    ['a last line stopping in its shape', SIZE.slice(0, 60), /cut short \(line 2 stops before its shape ends, after 1 key\)/],
  ])('cut (%s): said to be cut, never read as whole', (_, text, words) => {
    expect(looksLikePrintedKeys(text)).toBe(true);
    expect(refusal(text)).toMatch(words);
  });

  it('a duplicate key is refused', () => {
    expect(refusal("['a', 'a']")).toMatch(/duplicate key "a"/);
  });

  it('one key a line, prose and JSON are not printed lists', () => {
    expect(looksLikePrintedKeys(KEYS.join('\n'))).toBe(false);
    expect(looksLikePrintedKeys('hello world\n')).toBe(false);
    expect(looksLikePrintedKeys('{"a": [1, 2]}')).toBe(false);
    // one line without a space: the one-a-line reader must not take `odict_keys(['a'])` for a key
    expect(looksLikePrintedKeys("odict_keys(['a'])")).toBe(true);
  });

  it('the table names every form, the plain list first', () => {
    expect(KEY_LIST_FORMS.map((f) => f.printedBy)).toEqual([`print(*sd, sep='\\n')`, 'print(sd.keys())', 'print(list(sd))', 'print(k, v.shape)', 'print(k, tuple(v.shape))']);
  });
});
