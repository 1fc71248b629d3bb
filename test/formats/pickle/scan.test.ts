import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { safetyReport } from '../../../src/formats/pickle/safety.js';
import { scanFindings, scanGlobalNames, scanPickleStream } from '../../../src/formats/pickle/scan.js';
import { concat, hex, latin1, u32le } from './helpers.js';

const scan = (bytes: Uint8Array | string, nested = false) =>
  scanPickleStream(new BufferSource(typeof bytes === 'string' ? latin1(bytes) : bytes, 's.pkl'), 0, { nested });

describe('scanPickleStream', () => {
  it('reads pickles written back to back (picklescan malicious6.pkl)', () => {
    const s = scan(concat(hex('8004'), '(S"a"\nl.', hex('8004'), 'crequests.api\nget\n(S"https://x"\ntR.'));
    expect(s.results).toHaveLength(2);
    expect(scanGlobalNames(s)).toEqual(['requests.api.get']);
    expect(safetyReport(scanFindings(s, 's.pkl')).verdict).toBe('dangerous');
  });

  it('stops quietly at junk after the last STOP', () => {
    const s = scan('cos\nsystem\n(S"ls"\ntR.\n\n\t\t');
    expect(s.results).toHaveLength(1);
    expect(s.results[0]!.error).toBeNull();
  });

  it('keeps a second pickle that breaks after importing something', () => {
    const s = scan('N.cos\nsystem\n(S"ls');
    expect(s.results).toHaveLength(2);
    expect(s.results[1]!.error).not.toBeNull();
    expect(scanGlobalNames(s)).toEqual(['os.system']);
  });

  it('does not scan raw bytes after a stream as a pickle', () => {
    const s = scan(concat('N.', new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 0x63, 0x11, 0x0a, 0x40, 0x0a])));
    expect(s.results).toHaveLength(1);
  });

  it('follows pickle.loads(_codecs.encode(...)) only when asked (picklescan malicious13)', () => {
    const inner = 'cos\nsystem\n(S"id"\ntR.';
    const outer = `cpickle\nloads\n(c_codecs\nencode\n(V${inner.replace(/\n/g, '\\u000a')}\nS"latin1"\ntRtR.`;
    expect(scanGlobalNames(scan(outer))).toEqual(['pickle.loads', '_codecs.encode']);
    const s = scan(outer, true);
    expect(s.nested).toHaveLength(1);
    expect(s.nested[0]).toMatchObject({ loader: 'pickle.loads', depth: 1, where: 's.pkl > pickle.loads #1' });
    expect(scanGlobalNames(s)).toEqual(['pickle.loads', '_codecs.encode', 'os.system']);
    const dangerous = scanFindings(s, 's.pkl').filter((f) => f.verdict === 'dangerous');
    expect(dangerous.map((f) => [f.module, f.name, f.where])).toEqual([
      ['pickle', 'loads', 's.pkl'],
      ['os', 'system', 's.pkl > pickle.loads #1'],
    ]);
  });

  it('follows torch.storage._load_from_bytes payloads left in the file (large bytes) and nests', () => {
    const innermost = latin1('cposix\nsystem\n(S"id"\ntR.');
    const middle = concat(hex('8004'), 'c_pickle\nloads\n', hex('43'), new Uint8Array([innermost.length]), innermost, hex('85 52 2e'));
    const outer = concat(hex('8004'), 'ctorch.storage\n_load_from_bytes\n', hex('42'), u32le(middle.length), middle, hex('85 52 2e'));
    const s = scanPickleStream(new BufferSource(outer, 'o.pkl'), 0, { nested: true, largeBytes: 8 });
    expect(s.nested.map((n) => [n.loader, n.depth])).toEqual([
      ['torch.storage._load_from_bytes', 1],
      ['_pickle.loads', 2],
    ]);
    expect(scanGlobalNames(s)).toContain('posix.system');
    const capped = scanPickleStream(new BufferSource(outer, 'o.pkl'), 0, { nested: true, maxNestedDepth: 1 });
    expect(capped.nested).toHaveLength(1);
  });
});
