import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, scanSafety } from '../../../src/checkpoint/open.js';
import { FormatError } from '../../../src/formats/errors.js';
import { latin1 } from '../pickle/helpers.js';
import { buildZip } from './build-zip.js';

/**
 * Review 21 F4: torch's reader (miniz) finds members by a binary search that compares names
 * lowercased, so of `archive/data.pkl` and `archive/Data.pkl` it may read either; sdmatch, reading
 * names exactly, read the other one and apply wrote other weights than torch loads. Names equal but
 * for ASCII case are now a finding, and refused where they touch the record torch reads.
 */

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-case-'));
const write = (name: string, bytes: Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const DICT = latin1('\x80\x02}q\x00.');

describe('zip member names that differ only in case', () => {
  it('refuses a record whose data.pkl has a case twin, naming both', () => {
    const p = write('e.pt', buildZip([{ name: 'archive/data.pkl', data: DICT }, { name: 'archive/Data.pkl', data: DICT }]));
    expect(() => openCheckpoint(p)).toThrow(FormatError);
    expect(() => openCheckpoint(p)).toThrow(/"archive\/data.pkl" and "archive\/Data.pkl" differ only in case/);
  });

  it('refuses a record whose storages have case twins', () => {
    const p = write('c.pt', buildZip([{ name: 'archive/data.pkl', data: DICT }, { name: 'archive/data/A', data: new Uint8Array(4) }, { name: 'archive/data/a', data: new Uint8Array(4) }]));
    expect(() => openCheckpoint(p)).toThrow(/differ only in case/);
  });

  it('calls twins outside the record incomplete', () => {
    const p = write('o.pt', buildZip([{ name: 'archive/data.pkl', data: DICT }, { name: 'notes/README', data: DICT }, { name: 'notes/readme', data: DICT }]));
    const s = scanSafety(p);
    expect(s.verdict).toBe('incomplete');
  });

  it('reads an archive whose names differ in more than case as before', () => {
    const p = write('ok.pt', buildZip([{ name: 'Model/data.pkl', data: DICT }, { name: 'Model/data/0', data: new Uint8Array(4) }, { name: 'Model/version', data: latin1('3\n') }]));
    expect(scanSafety(p).verdict).toBe('safe');
  });
});
