import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { PageData } from '../../../src/report/html/page-data.js';
import { STATUSES } from '../../../src/report/html/statuses.js';

/** The page data a report page embeds (the view and the --json object, each gzipped, in base64), read without the page's code. */
export function readPageData(html: string): PageData {
  const blob = (id: string): unknown => {
    const m = new RegExp(`<script type="application/gzip" id="${id}">([A-Za-z0-9+/=]*)</script>`).exec(html);
    if (!m) throw new Error(`no ${id} script in the page`);
    return JSON.parse(gunzipSync(Buffer.from(m[1]!, 'base64')).toString('utf8'));
  };
  return { ...(blob('sdmatch-view') as PageData), json: blob('sdmatch-json') };
}

export type Counts = Record<'source' | 'expected', Record<string, number>>;

/**
 * Keys per status and side as the --json object states them, counted here straight from its lists
 * (not with the page's code), for comparing with what the page shows.
 */
export function countsFromJson(command: PageData['command'], json: any): Counts {
  const zero = () => Object.fromEntries([...STATUSES.map((s) => [s.id, 0]), ['all', 0]]) as Record<string, number>;
  const c: Counts = { source: zero(), expected: zero() };
  const add = (side: 'source' | 'expected', status: string, n: number) => {
    c[side][status]! += n;
    c[side].all! += n;
  };
  if (command === 'diff') {
    const shaped = new Set(json.shapeMismatch.map((m: any) => m.key));
    const dtypeOnly = json.dtypeMismatch.filter((m: any) => !shaped.has(m.key)).length;
    for (const side of ['source', 'expected'] as const) {
      add(side, 'matched', json.matched.length);
      add(side, 'shape', json.shapeMismatch.length);
      add(side, 'dtype', dtypeOnly);
    }
    add('source', 'unexpected', json.unexpected.length);
    add('expected', 'missing', json.missing.length);
    add(json.expected.kind === 'error-text' ? 'source' : 'expected', 'unknown', json.unknown.length);
  } else if (command === 'check') {
    const shapedFrom = new Set(json.shapeChanged.map((x: any) => x.from));
    const shapedKey = new Set(json.shapeChanged.map((x: any) => x.key));
    add('source', 'matched', json.unchanged.length);
    add('expected', 'matched', json.unchanged.length);
    add('source', 'unexpected', json.removed.length);
    add('expected', 'missing', json.added.length);
    add('source', 'renamed', json.renamed.reduce((n: number, r: any) => n + r.from.length, 0));
    add('expected', 'renamed', json.renamed.reduce((n: number, r: any) => n + r.to.length, 0));
    add('source', 'shape', json.shapeChanged.length);
    add('expected', 'shape', json.shapeChanged.length);
    add('source', 'dtype', json.dtypeChanged.filter((x: any) => !shapedFrom.has(x.from)).length);
    add('expected', 'dtype', json.dtypeChanged.filter((x: any) => !shapedKey.has(x.key)).length);
    // `ignored` lists keys of both sides in one list: it is checked through the totals, which are the sides' key counts
    delete c.source.ignored;
    delete c.expected.ignored;
    c.source.all = json.baseline.keys;
    c.expected.all = json.current.keys;
  } else {
    const sizedSources = new Set(json.sizeMismatches.map((m: any) => m.source));
    const sizedTargets = new Set(json.sizeMismatches.map((m: any) => m.target));
    const unplaced = new Set(json.after.unexpected.filter((k: string) => !sizedSources.has(k)));
    add('source', 'shape', sizedSources.size);
    add('expected', 'shape', sizedTargets.size);
    add('source', 'unexpected', unplaced.size);
    add('expected', 'missing', json.after.missing.length);
    add('expected', 'counter', json.after.numBatchesTracked.length);
    const mapping = json.plan.mapping as Record<string, string | string[] | null>;
    for (const [k, v] of Object.entries(mapping)) {
      if (sizedSources.has(k) || unplaced.has(k)) continue;
      if (v === null) add('source', 'dropped', 1);
    }
    // matched or renamed turns on which op touches a key: compare their sum, through the totals
    delete c.source.matched;
    delete c.source.renamed;
    delete c.expected.matched;
    delete c.expected.renamed;
    c.source.all = Object.keys(mapping).length;
    // the model's keys: where placed sources land, and what stays missing (plan.target.keys leaves
    // out the BatchNorm counters an error text did not name, which a source may still fill)
    const targets = new Set<string>([...json.after.missing, ...json.after.numBatchesTracked, ...sizedTargets] as string[]);
    for (const [k, v] of Object.entries(mapping)) if (v !== null && !unplaced.has(k)) for (const t of [v].flat()) targets.add(t);
    c.expected.all = targets.size;
    if (json.input === 'keys') expect(targets.size).toBe(json.plan.target.keys);
  }
  return c;
}
