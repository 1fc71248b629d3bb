import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { openKeySource } from '../../src/checkpoint/key-source.js';
import { ZipWriter } from '../../src/formats/zip/writer.js';
import { dangerWarnings, sourceSafety } from '../../src/report/danger.js';

/**
 * Review 21 F9: an npy or npz whose object array's pickle names posix.system was said to run code under
 * "torch.load(weights_only=False)", which cannot read either format (its legacy path stops at the npy magic
 * 0x93; an npz has no subdirectory); what unpickles it is numpy.load(allow_pickle=True). Crafted bytes only,
 * never loaded: an npy v1.0 header for a '|O' array, then a pickle that is one GLOBAL posix.system.
 */
const dir = mkdtempSync(join(tmpdir(), 'sdmatch-npy-words-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function objectNpy(): Buffer {
  let header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(header.length);
  const pickle = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from('cposix\nsystem\n', 'latin1'), Buffer.from('.')]);
  return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]), len, Buffer.from(header, 'latin1'), pickle]);
}

const npy = join(dir, 'object.npy');
writeFileSync(npy, objectNpy());
const npz = join(dir, 'object.npz');
const fd = openSync(npz, 'w');
try {
  const z = new ZipWriter(fd);
  z.addBytes('a.npy', objectNpy());
  z.finish();
} finally {
  closeSync(fd);
}

describe('npy and npz danger words name numpy.load (review 21 F9)', () => {
  for (const [name, file] of [['npy', npy], ['npz', npz]] as const) {
    it(`${name}: inspect's verdict line and banner, and the other commands' warning`, async () => {
      const r = await runCli(['inspect', file], memoryIO());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/safety verdict dangerous: its pickle reaches posix\.system.*: numpy\.load\(allow_pickle=True\) on it runs code; do not load it$/);
      expect(r.stdout).toContain('!! DANGEROUS: loading this file with numpy.load(allow_pickle=True) would run code.');
      expect(r.stdout + r.stderr).not.toContain('torch.load');
      // the warning diff, plan, manifest and check print for a dangerous input (diff refuses these: no state dict)
      const w = dangerWarnings([sourceSafety(openKeySource(file))]);
      expect(w).toMatch(/is dangerous: its pickle reaches posix\.system.*; numpy\.load\(allow_pickle=True\) on it runs code/);
    });
  }
});

/** an npy v1.0 of float32 values */
function floatNpy(values: number[]): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${values.length},), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(header.length);
  const data = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => data.writeFloatLE(v, 4 * i));
  return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]), len, Buffer.from(header, 'latin1'), data]);
}

/**
 * s22-mend: apply's and plan invert's warnings passed no format, so an npz source's said torch.load (s21-mend6's
 * leftover). An npz state dict (two float arrays) beside an object array whose pickle names posix.system.
 */
describe('apply and plan invert name numpy.load for an npz source', () => {
  const mixed = join(dir, 'mixed.npz');
  const mfd = openSync(mixed, 'w');
  try {
    const z = new ZipWriter(mfd);
    z.addBytes('w.npy', floatNpy([1, 2, 3]));
    z.addBytes('b.npy', floatNpy([4]));
    z.addBytes('meta.npy', objectNpy());
    z.finish();
  } finally {
    closeSync(mfd);
  }

  it('apply --dry-run, apply, plan invert: the warning names numpy.load(allow_pickle=True), never torch.load', async () => {
    const plan = join(dir, 'mixed.plan.json');
    const p = await runCli(['plan', mixed, mixed, '-o', plan], memoryIO());
    expect(p.code, p.stderr).toBe(0);
    const runs = [
      await runCli(['apply', mixed, plan, '-o', join(dir, 'out.safetensors'), '--dry-run'], memoryIO()),
      await runCli(['apply', mixed, plan, '-o', join(dir, 'out.safetensors')], memoryIO()),
      await runCli(['plan', 'invert', plan, mixed], memoryIO()),
    ];
    for (const r of runs) {
      expect(r.stderr, r.stdout).toMatch(/is dangerous: its pickle reaches posix\.system.*; numpy\.load\(allow_pickle=True\) on it runs code/);
      expect(r.stderr).not.toContain('torch.load');
    }
  });
});
