import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../../src/checkpoint/open.js';
import { memoryIO } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { readPickle } from '../../../src/formats/pickle/machine.js';
import { repoRoot } from '../../helpers/corpus.js';
import { zipWithEntryRewritten } from '../../helpers/zip-cut.js';

/**
 * Review 21 F11: a state dict key written as a Python 2 `str` (SHORT_BINSTRING) holding UTF-8 bytes. torch.load
 * passes encoding='utf-8' to the unpickler unless told otherwise (torch 1.13 serialization.py), so the review's
 * probe (benign.pt with `w` written as SHORT_BINSTRING `wé`) loads with torch.load(weights_only=True) as keys
 * ['wé', 'b']. sdmatch kept every non-ASCII py2 str as bytes, so diff and plan said the file "holds no state dict".
 * Now the pickles torch.load reads decode such a str as UTF-8 when it is valid UTF-8; pickle.load's and numpy.load's
 * default encoding is ASCII, so a plain pickle keeps the bytes.
 */
const MLP = join(repoRoot, 'fixtures/torch-zip/mlp.pt');
const dir = mkdtempSync(join(tmpdir(), 'sdmatch-py2-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** mlp.pt with the key fc1.weight (BINUNICODE, as torch.save writes it) replaced by a SHORT_BINSTRING of `bytes` */
function withPy2Key(name: string, bytes: Buffer): string {
  const out = join(dir, name);
  zipWithEntryRewritten(MLP, out, 'mlp/data.pkl', (pkl) => {
    const key = Buffer.from('fc1.weight');
    const unicode = Buffer.concat([Buffer.from([0x58, key.length, 0, 0, 0]), key]);
    const at = pkl.indexOf(unicode);
    if (at < 0) throw new Error('mlp/data.pkl: no BINUNICODE fc1.weight');
    return Buffer.concat([pkl.subarray(0, at), Buffer.from([0x55, bytes.length]), bytes, pkl.subarray(at + unicode.length)]);
  });
  return out;
}

let utf8: string;
let notUtf8: string;
beforeAll(() => {
  utf8 = withPy2Key('py2-utf8.pt', Buffer.from('fc1.weighté', 'utf8'));
  notUtf8 = withPy2Key('py2-latin1.pt', Buffer.from('fc1.weighté', 'latin1'));
});

describe('a Python 2 str key in a torch file (review 21 F11)', () => {
  it('is read as torch.load reads it: UTF-8 text', () => {
    const c = openCheckpoint(utf8, { readOnly: true });
    expect(c.stateDicts.map((s) => s.keys)).toEqual([['fc1.weighté', 'fc1.bias', 'fc2.weight', 'fc2.bias']]);
  });

  it('diff compares the state dict instead of saying the file holds none', async () => {
    const r = await runCli(['diff', utf8, MLP], memoryIO());
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^unexpected \(1\)[^\n]*\n\s+fc1\.weighté$/m);
  });

  it('bytes that are not UTF-8: torch.load fails on them (UnicodeDecodeError), and every command says so in one line; a plain pickle keeps the bytes', async () => {
    // s22-mend: it said "holds no state dict (no mapping of names to tensors)", naming neither the key nor why
    const c = openCheckpoint(notUtf8, { readOnly: true });
    expect(c.root).toBe(null);
    // s22-mend5 (s22-verify F3): torch.load(..., encoding='latin1') reads it, so the words say which call fails
    const why = /a Python 2 str b'fc1\.weight\\xe9' is not valid UTF-8: torch\.load's default \(encoding='utf-8'\) fails on it with UnicodeDecodeError; torch\.load\(\.\.\., encoding='latin1'\) reads it as Latin-1 text/;
    for (const args of [['diff', notUtf8, MLP], ['plan', notUtf8, MLP], ['manifest', notUtf8]]) {
      const r = await runCli(args, memoryIO());
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
    }
    // pickle.load's default encoding is ASCII: { SHORT_BINSTRING 'wé': 1 }
    const pkl = Buffer.from([0x80, 0x02, 0x7d, 0x55, 0x03, 0x77, 0xc3, 0xa9, 0x4b, 0x01, 0x73, 0x2e]);
    const v = readPickle(new BufferSource(pkl, 'p.pkl')).value as { kind: string; entries: [unknown, unknown][] };
    expect(v.kind).toBe('dict');
    expect(typeof v.entries[0]![0]).toBe('object');
  });

  it('a global after such a str is still seen and named: dangerous wins over the unreadable key (s22-verify F3)', async () => {
    // { SHORT_BINSTRING b'w\xe9': 1, 'x': posix.system('true') }: torch.load(..., encoding='latin1') runs the call;
    // s22-mend's reading stopped at the str and said "safety incomplete … 1 not seen", naming no danger
    const payload = join(dir, 'py2-payload.pt');
    const pkl = Buffer.from('\x80\x02}q\x00(U\x02w\xe9K\x01X\x01\x00\x00\x00xcposix\nsystem\nX\x04\x00\x00\x00true\x85Ru.', 'latin1');
    zipWithEntryRewritten(MLP, payload, 'mlp/data.pkl', () => pkl);
    const r = await runCli(['inspect', payload], memoryIO());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/DANGEROUS/);
    expect(r.stdout).toMatch(/posix\.system/);
    expect(r.stdout).toMatch(/safety +dangerous: /);
    expect(r.stdout).not.toMatch(/not seen/);
    const p = await runCli(['plan', payload, MLP], memoryIO());
    expect(p.code).toBe(2);
    expect(p.stdout).toBe('');
    expect(p.stderr).toMatch(/encoding='latin1'\) reads it/);
  });
});
