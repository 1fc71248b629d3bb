import { describe, expect, it } from 'vitest';
import { latin1, scanAnyForm, scanSafetensorsColumns, type SafetensorsColumns } from '../../../src/formats/safetensors/columns.js';
import { safetensorsFile } from '../../helpers/json-mutants.js';

function facts(c: SafetensorsColumns | null) {
  if (c === null) return null;
  return Array.from({ length: c.names.size }, (_, t) => [
    latin1(c.header, c.names.start[t]!, c.names.start[t]! + c.names.length[t]!),
    c.dtype[t],
    Array.from(c.dims.subarray(c.dimsAt[t]!, c.dimsAt[t]! + c.rank[t]!)),
    c.begin[t],
    c.end[t],
  ]);
}

describe('the header columns\' room', () => {
  // the writer-form walk makes room for as many entries as the first one's length says (issue 14: the
  // header's bytes / 48 bound is ~2x); entries shorter than the first make the columns grow
  it('grows past the room the first entry suggests, and reads what the general walk reads', () => {
    const entries = [`"${'a'.repeat(300)}":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}`];
    for (let k = 0; k < 200; k++) entries.push(`"b${k}":{"dtype":"U8","shape":[],"data_offsets":[${4 + k},${5 + k}]}`);
    const bytes = safetensorsFile(`{${entries.join(',')}}`, 204);
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const h = bytes.subarray(8, 8 + n);
    const c = scanSafetensorsColumns(h, 204);
    expect(c).not.toBeNull();
    expect(c!.names.size).toBe(201);
    // the first entry (~350 bytes) suggested room for ~45 of the ~11 KB header's 201 entries
    expect(facts(c)).toEqual(facts(scanAnyForm(h, 204, Math.floor(n / 48) + 1)));
    expect(c!.dtypeTensors.reduce((a, b) => a + b, 0)).toBe(201);
  });
});
