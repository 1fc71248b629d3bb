/**
 * The streamed JSON (plan --json at scale) is JSON.stringify(value, null, 2) exactly, whatever the
 * batch size cuts it into.
 */
import { describe, expect, test } from 'vitest';
import { jsonChunks } from '../../src/report/json-chunks.js';
import { inferPlan } from '../../src/analysis/infer/index.js';

const same = (value: unknown, batch?: number) => expect([...jsonChunks(value, batch)].join('')).toBe(JSON.stringify(value, null, 2) ?? '');

describe('jsonChunks', () => {
  test('primitives, escapes, numbers JSON has no words for, empty containers', () => {
    for (const v of [null, true, 0, -0, 1.5e-7, 2 ** 60, NaN, Infinity, 'a"b\\c\n\u2028\u0001', '', [], {}, undefined]) same(v);
  });

  test('members left out (objects) or written null (arrays) as JSON.stringify does; toJSON honoured', () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: Symbol('s'),
      d: [undefined, () => 1, Symbol('t'), 1],
      e: { only: undefined },
      f: new Date(0),
      g: { toJSON: (k: string) => `key ${k}` },
      h: { toJSON: () => undefined },
      10: 'integer-like keys come first',
      nested: [[[]], [{}], { x: [1, { y: null }] }],
    };
    for (const batch of [1, 3, 64, 1 << 16]) same(value, batch);
  });

  test('a plan result, cut in pieces of every small size, is the same text', () => {
    const k = (key: string, shape: number[]) => ({ key, shape, dtype: 'float32' as const });
    const r = inferPlan({
      source: [k('module.conv.weight', [4, 3]), k('module.conv.bias', [4]), k('module.fc.weight', [2, 4])],
      target: [k('conv.weight', [4, 3]), k('conv.bias', [4]), k('head.weight', [2, 4])],
    });
    for (let batch = 1; batch <= 40; batch++) same(r, batch);
    // batches are about the size asked: no chunk but the last much shorter than it
    const chunks = [...jsonChunks(r, 100)];
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(100);
  });

  test('integer arrays inline: the text diff --json wrote with its rewrite of JSON.stringify, whatever the batch', () => {
    // the rewrite formatDiffJson applied to the whole text before it was streamed
    const rewritten = (v: unknown) => (JSON.stringify(v, null, 2) ?? '').replace(/\[\n\s*(-?\d+(?:,\n\s*-?\d+)*)\n\s*\]/g, (_m, body: string) => `[${body.split(/,\n\s*/).join(', ')}]`);
    const value = {
      shapes: [[3, 4], [], [1], [-2, 0, -0], [1.5, 2], [2 ** 70], [NaN, 1], [1, [2, 3]], [{ toJSON: () => 7 }, 8], ['1', 2]],
      path: ['model', 0, 'layers'],
      nested: { a: [[[5]]], b: [null, 1], c: [true] },
    };
    for (const batch of [1, 5, 1 << 16]) expect([...jsonChunks(value, batch, true)].join('')).toBe(rewritten(value));
  });
});

