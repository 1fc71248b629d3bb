import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { TensorRecord } from '../../src/checkpoint/types.js';
import { DTYPE_BY_CODE } from '../../src/formats/dtype.js';
import type { TensorInfo } from '../../src/formats/tensor.js';
import { ascii } from '../../src/report/byte-writer.js';
import { LINE_FIELDS, LineTemplate, linePieces, type FillLine } from '../../src/report/inspect-json-lines.js';
import { recordLines, tensorJson } from '../../src/report/inspect-model.js';

/** tensorJson's keys in its order, the storage's as `storage.<key>` */
function flatKeys(o: Record<string, unknown>): string[] {
  return Object.entries(o).flatMap(([k, v]) => (k === 'storage' ? Object.keys(v as object).map((s) => `storage.${s}`) : [k]));
}

// every optional field set: `Required` makes a field added to TensorInfo a compile error here until it is
const info: Required<TensorInfo> = {
  kind: 'parameter',
  dtype: 'float16',
  shape: [2, 3],
  stride: [3, 1],
  storageOffset: 4,
  storage: { key: '7', dtype: 'float16', numel: 10, device: 'cuda:0', bytes: null },
  requiresGrad: true,
  quantization: { scheme: 'per_tensor_affine', scale: 0.5, zeroPoint: 1 },
};
const everything: TensorRecord = { path: ['layer.weight'], info, aliases: [['ema', 'layer.weight']] };

/** the record as its byte writers take it: what tensorJson adds for quantization and aliases removed */
function plain(r: TensorRecord, info: Partial<TensorInfo> = {}): TensorRecord {
  const { quantization: _, ...rest } = r.info;
  return { path: r.path, info: { ...rest, ...info }, aliases: [] };
}

/** the columns' view of a record with a one-key path (what a columns source fills from its columns) */
function fillFrom(r: TensorRecord): FillLine {
  const t = r.info;
  const key = ascii(r.path[0] as string);
  const dims = [...t.shape, ...t.stride];
  return (_, l) => {
    Object.assign(l, {
      keyBytes: key,
      keyStart: 0,
      keyEnd: key.length,
      keyPlain: true,
      dtype: DTYPE_BY_CODE.indexOf(t.dtype),
      dims,
      dimsAt: 0,
      rank: t.shape.length,
      strideAt: t.shape.length,
      storageOffset: t.storageOffset,
      contiguous: t.stride.every((s, d) => s === t.shape.slice(d + 1).reduce((a, b) => a * b, 1)),
      requiresGrad: t.requiresGrad,
      storageKey: Number(t.storage.key),
      storageDtype: DTYPE_BY_CODE.indexOf(t.storage.dtype),
      numel: t.storage.numel ?? 0,
      device: ascii(JSON.stringify(t.storage.device)),
    });
  };
}

const treeLine = (r: TensorRecord): string => Buffer.from(recordLines([r], 0, 1)).toString('utf8');

describe('the inspect --json tensor line: one table of fields for every writer', () => {
  it("the table's fields are tensorJson's keys in its order; only quantization and aliases follow them", () => {
    const keys = flatKeys(tensorJson(everything));
    expect(keys.slice(0, LINE_FIELDS.length)).toEqual([...LINE_FIELDS]);
    expect(keys.slice(LINE_FIELDS.length)).toEqual(['quantization', 'aliases']);
    expect(flatKeys(tensorJson(plain(everything)))).toEqual([...LINE_FIELDS]);
  });

  it('the writers walk the table: the fields a writer fills are the unfixed ones, in LINE_FIELDS\' order, one piece before each', () => {
    const pieces = linePieces({ kind: 'parameter', contiguous: true, 'storage.device': 'cpu' });
    expect(pieces.fields.map((k) => LINE_FIELDS[k])).toEqual(LINE_FIELDS.filter((f) => f !== 'kind' && f !== 'contiguous' && f !== 'storage.device'));
    expect(pieces.pre).toHaveLength(pieces.fields.length);
    expect(Buffer.from(pieces.tails[1]).toString('latin1')).toBe(',"device":"cpu"}}\n');
  });

  it('the tree writer and the columns writer write the same bytes as JSON.stringify, every contiguity and grad', () => {
    for (const stride of [[3, 1], [1, 2]])
      for (const requiresGrad of [false, true]) {
        const r = plain(everything, { stride, requiresGrad });
        const json = JSON.stringify(tensorJson(r));
        expect(json).toContain(`"contiguous":${stride[0] === 3}`);
        expect(treeLine(r)).toBe(`    ${json}\n`);
        const fill = fillFrom(r);
        // a source fixing only the kind, and one fixing every field it may
        expect(new LineTemplate({ kind: r.info.kind }).line(fill, 0)).toBe(json);
        const t = r.info;
        const fixedAll = { kind: t.kind, storageOffset: t.storageOffset, contiguous: stride[0] === 3, requiresGrad, 'storage.device': t.storage.device };
        expect(new LineTemplate(fixedAll).line(fill, 0)).toBe(json);
      }
  });

  it('a record with quantization and aliases is written whole by JSON.stringify', () => {
    expect(treeLine(everything)).toBe(`    ${JSON.stringify(tensorJson(everything))}\n`);
  });
});
