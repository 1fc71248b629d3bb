import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newInflate } from '../../../src/formats/zip/inflate.js';
import { repoRoot } from '../../helpers/corpus.js';
import { tempDir } from '../../helpers/torch.js';
import { ROOT } from '../../python/python.js';

const BIN = join(repoRoot, 'bin/sdmatch.js');
const DDP = join(ROOT, 'fixtures/training/ddp.pt');

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('inflate');
});
afterAll(() => tmp?.cleanup());

describe('newInflate', () => {
  it('inflates a raw deflate stream pushed in pieces', () => {
    const plain = Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i % 97}\n`).join(''));
    const packed = deflateRawSync(plain);
    const out: Uint8Array[] = [];
    const inflate = newInflate((d) => out.push(d));
    for (let at = 0; at < packed.length; at += 100) inflate.push(packed.subarray(at, at + 100), at + 100 >= packed.length);
    expect(Buffer.concat(out).equals(plain)).toBe(true);
  });
});

describe('the CLI bundle and fflate', () => {
  /** `sdmatch inspect FILE --json` through bin/ (lib/cli.cjs), and whether the run required fflate. */
  function inspect(file: string): { stdout: string; fflate: boolean } {
    const hook = join(tmp.dir, 'hook.cjs');
    writeFileSync(hook, `
      const Module = require('node:module');
      const load = Module._load;
      let seen = false;
      Module._load = function (request, ...rest) { if (request === 'fflate') seen = true; return load.call(this, request, ...rest); };
      process.on('exit', () => process.stderr.write('fflate=' + seen + '\\n'));
    `);
    const r = spawnSync(process.execPath, ['-r', hook, BIN, 'inspect', file, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    return { stdout: r.stdout, fflate: /fflate=true/.test(r.stderr) };
  }

  it('loads fflate only to read a deflated entry, and reads it', () => {
    const deflated = join(tmp.dir, 'ddp-deflated.pt');
    const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as out:
    for i in src.infolist():
        out.writestr(i.filename, src.read(i.filename))
`, DDP, deflated], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const stored = inspect(DDP);
    expect(stored.fflate).toBe(false);
    const packed = inspect(deflated);
    expect(packed.fflate).toBe(true);
    const tensors = (s: string) => s.split('\n').filter((l) => l.includes('"shape"'));
    expect(tensors(packed.stdout).length).toBeGreaterThan(0);
    expect(tensors(packed.stdout)).toEqual(tensors(stored.stdout));
  });
});
