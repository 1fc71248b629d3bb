import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

/**
 * Pastes shaped to make the parser quadratic or to blow up memory: each is read in one pass, and
 * what it expands into is bounded. (No timings asserted: before the fixes these ran for seconds to
 * minutes, or exhausted the heap, at these sizes.)
 */
const K = 200_000;
const rep = (s: string) => s.repeat(Math.floor(K / s.length));

describe('error text parsing stays linear in the paste', () => {
  it('a LOAD REPORT whose ranges stand for billions of keys is expanded up to a bound, and says so', () => {
    const nested = parseErrorText('M LOAD REPORT from: x\na.{0...99999}.{0...99999}.b | MISSING\nlayers.{0...2}.w | MISSING\n', 'e.txt');
    expect(nested.missing).toEqual(['a.{0...99999}.{0...99999}.b', 'layers.0.w', 'layers.1.w', 'layers.2.w']);
    expect(nested.truncated).toBe(true);
    expect(nested.notes.join(' ')).toMatch(/ranges stand for more than 1,000,000 keys/);
    const rows = parseErrorText(`M LOAD REPORT from: x\n${'a.{0...99999}.b | MISSING\n'.repeat(200)}`, 'e.txt');
    // ten rows expand (the bound), the rest stay as written (one key, as they repeat)
    expect(rows.missing).toHaveLength(100_001);
    expect(rows.missing).toContain('a.{0...99999}.b');
    // an ordinary report is expanded whole
    const ok = parseErrorText('M LOAD REPORT from: x\nlayers.{0...79}.{0...1}.w | UNEXPECTED\n', 'e.txt');
    expect(ok.unexpected).toHaveLength(160);
    expect(ok.unexpected.slice(0, 3)).toEqual(['layers.0.0.w', 'layers.0.1.w', 'layers.1.0.w']);
    expect(ok.truncated).toBe(false);
  });

  it('a paste of many size-line heads without spaces, cut at the end, is read once (review 7a: 300 KB took 20 s)', () => {
    // a key and its colon after the last head: no cut line, and nothing else an error text holds
    expect(() => parseErrorText(`${'sizemismatchfor'.repeat(80_000)}x:y`, 'e.txt')).toThrow(/no load_state_dict error found/);
    const open = parseErrorText(`${'sizemismatchfor'.repeat(80_000)}fc.wei`, 'e.txt');
    expect(open.truncated).toBe(true);
    expect(open.notes.join(' ')).toMatch(/ends inside a size-mismatch line \(at `fc\.wei`\)/);
  });

  it('heads quoted inside a list, and torch 0.3 sets left open, are each read once', () => {
    const inList = parseErrorText(`Missing key(s) in state_dict: ${rep('"Missing key(s) in state_dict:", ')}"last".`, 'e.txt');
    expect(inList.missing).toEqual(['Missingkey(s)instate_dict:', 'last']);
    const incompat = parseErrorText(`_IncompatibleKeys(missing_keys=[${rep("'IncompatibleKeys(missing_keys=[', ")}'z'], unexpected_keys=[])`, 'e.txt');
    expect(incompat.missing).toEqual(['IncompatibleKeys(missing_keys=[', 'z']);
    const open = parseErrorText(rep('missing keys in state_dict: "set(['), 'e.txt');
    expect(open.missing).toEqual([]);
    expect(open.truncated).toBe(true);
    const closed = parseErrorText(`missing keys in state_dict: "set(['a.w', 'b.w'])"`, 'e.txt');
    expect(closed.missing).toEqual(['a.w', 'b.w']);
  });

  it('a loosely read paste with a long run of key characters and no line break after it (the wrap undoing scans each run once)', () => {
    const loose = parseErrorText(`missing: ${rep('a.')}weight fc.bias`, 'e.txt');
    expect(loose.missing).toContain('fc.bias');
    // lines that start inside a key but never make a run of dotted keys: a bounded number are tried
    expect(() => parseErrorText(rep("x', 'y', 'z',\n"), 'e.txt')).toThrow(/no load_state_dict error found/);
  });

  it('thousands of model names are kept once each, in order', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `Error(s) in loading state_dict for M${i % 2500}:`).join('') + 'Missing key(s) in state_dict: "a".';
    const r = parseErrorText(text, 'e.txt');
    expect(r.modelName).toBe('M0');
    expect(r.notes[0]).toMatch(/^the text holds errors for 2500 models/);
  });
});
