import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildInspectModel, formatInspectJson, inspectJson, type InspectModel, type InspectOptions } from '../../src/report/inspect-model.js';
import { renderInspect } from '../../src/report/inspect-text.js';
import type { Checkpoint } from '../../src/checkpoint/types.js';

/**
 * `inspect` reads some files into columns (a torch.save state dict, a safetensors file or sharded set)
 * and the rest as a tree; the report must not depend on the way. For a file the columns took, this
 * compares the columns' model with the tree's under several filters: the JSON text, the document,
 * the first tensor lines, the table (plain, a few rows, verbose with every row, --tree) and the records.
 */
export function expectSameReports(path: string, columns: (opts: InspectOptions) => InspectModel, tree: Checkpoint & { error?: { message: string } | null }): void {
  const filters: InspectOptions[] = [{}, { filter: /weight/ }, { filter: /^$/ }, { filter: /e/g }];
  for (const opts of filters) {
    // a /g filter keeps state between tests: each model gets its own copy
    const copy = (): InspectOptions => (opts.filter ? { filter: new RegExp(opts.filter.source, opts.filter.flags) } : {});
    const a = columns(copy());
    const b = buildInspectModel(tree, copy());
    expect(formatInspectJson(a), path).toBe(formatInspectJson(b));
    expect(inspectJson(a), path).toEqual(inspectJson(b));
    for (let i = 0; i < Math.min(3, a.tensorCount); i++) expect(a.tensorLine(i), path).toBe(b.tensorLine(i));
    for (const o of [{ maxRows: 200 }, { maxRows: 2 }, { maxRows: Infinity, verbose: true }, { maxRows: 200, tree: true }]) {
      expect(renderInspect(a, PLAIN, o), path).toBe(renderInspect(b, PLAIN, o));
    }
    expect(a.tensors, path).toEqual(b.tensors);
  }
}

const PLAIN = { color: false } as const;

/** Every file under `dir` (recursively) whose path `keep` accepts. */
export function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out;
}
