import { describe, expect, it } from 'vitest';
import { looksLikeErrorText, parseErrorText } from '../../../src/formats/error-text.js';
import { readLoosely } from '../../../src/formats/error-text/loose.js';

describe('the loose reader: keys by the words around them, for formats no parser knows', () => {
  it('puts each key on the side the nearest preceding word names, and skips paths and module names', () => {
    const text = 'WARNING loading weights from ckpt.pth (torch.nn.modules): the following are missing: encoder.conv1.weight, encoder.bn1.running_mean; and these were not used: head.fc.weight head.fc.bias';
    expect(readLoosely(text)).toEqual({ missing: ['encoder.conv1.weight', 'encoder.bn1.running_mean'], unexpected: ['head.fc.weight', 'head.fc.bias'] });
  });
  it('reads nothing without a side word, or without state-dict-like keys', () => {
    expect(readLoosely('encoder.conv1.weight encoder.bn1.bias')).toEqual({ missing: [], unexpected: [] });
    expect(readLoosely('missing: see utils.py and config.yaml')).toEqual({ missing: [], unexpected: [] });
  });
  it('a paste only it can read is an error text, flagged as read loosely and never complete', () => {
    const text = 'when loading the checkpoint, keys missing from it: backbone.stem.conv.weight, backbone.stem.bn.bias';
    expect(looksLikeErrorText(text)).toBe(true);
    const r = parseErrorText(text, 'e.txt');
    expect(r.missing).toEqual(['backbone.stem.conv.weight', 'backbone.stem.bn.bias']);
    expect(r.truncated).toBe(true);
    expect(r.notes.join(' ')).toMatch(/read from the words around them/);
  });
  it('a plain key list stays a key list', () => {
    expect(looksLikeErrorText('encoder.conv1.weight\nencoder.conv1.bias\n')).toBe(false);
  });
});
