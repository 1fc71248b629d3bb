import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint, openForReport, openSafetensorsForReport } from '../../src/checkpoint/open.js';
import { buildColumnarInspectModel } from '../../src/report/inspect-columns.js';
import { buildInspectModel, type InspectModel } from '../../src/report/inspect-model.js';
import { buildSafetensorsInspectModel } from '../../src/report/inspect-safetensors.js';
import { renderInspect } from '../../src/report/inspect-text.js';
import { safetensorsFile } from '../helpers/json-mutants.js';

/**
 * Issue 14: `inspect`'s table of a file read into columns prints a few rows, so it must make a record for
 * those rows only, not one per tensor (a 20-shard set of 50,000 tensors spent ~150 ms of ~450 making and
 * collecting 50,000 records to learn that none had a second name). The model's `tensors` is made to throw:
 * the table must not ask for it, and must still say what the tree reader's table says.
 */
function lean(m: InspectModel): InspectModel {
  Object.defineProperty(m, 'tensors', {
    get() {
      throw new Error('the table asked for a record per tensor');
    },
  });
  return m;
}

const plain = { color: false };
const scratch = mkdtempSync(join(tmpdir(), 'sdmatch-table-lean-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('inspect table of a columns model', () => {
  it('a sharded safetensors set: rows for what is printed only, the tree reader\'s text', async () => {
    const names = (s: number) => Array.from({ length: 40 }, (_, k) => `layers.${s * 40 + k}.w`).sort();
    const shard = (ns: string[]) => safetensorsFile(`{${ns.map((n, k) => `"${n}":{"dtype":"U8","shape":[1],"data_offsets":[${k},${k + 1}]}`).join(',')}}`, ns.length);
    const map: Record<string, string> = {};
    for (const s of [0, 1]) {
      writeFileSync(join(scratch, `s${s}.safetensors`), shard(names(s)));
      for (const n of names(s)) map[n] = `s${s}.safetensors`;
    }
    const index = join(scratch, 'model.safetensors.index.json');
    writeFileSync(index, JSON.stringify({ metadata: {}, weight_map: map }));
    const opened = await openSafetensorsForReport(index);
    expect(opened).not.toBeNull();
    const tree = renderInspect(buildInspectModel(openCheckpoint(index, { readOnly: true })), plain, { maxRows: 5 });
    expect(renderInspect(lean(buildSafetensorsInspectModel(opened!)), plain, { maxRows: 5 })).toBe(tree);
    expect(tree).toContain('75 more');
  });

  it('a torch.save state dict read into columns: the same', () => {
    const file = join(import.meta.dirname, '../../fixtures/training/ddp.pt');
    const opened = openForReport(file);
    expect('columns' in opened).toBe(true);
    if (!('columns' in opened)) return;
    const tree = renderInspect(buildInspectModel(openCheckpoint(file, { readOnly: true })), plain, { maxRows: 3 });
    expect(renderInspect(lean(buildColumnarInspectModel(opened)), plain, { maxRows: 3 })).toBe(tree);
    expect(tree).toContain('13 more');
  });
});
