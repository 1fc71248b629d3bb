import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMATS } from '../../src/checkpoint/types.js';

/** Every enum in a schema that names a checkpoint format (it holds 'torch-zip'), with where it is. */
function formatEnums(node: unknown, at: string, out: { at: string; values: unknown[] }[]): void {
  if (Array.isArray(node)) node.forEach((v, i) => formatEnums(v, `${at}[${i}]`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'enum' && Array.isArray(v) && v.includes('torch-zip')) out.push({ at, values: v });
      else formatEnums(v, `${at}.${k}`, out);
    }
  }
}

describe('checkpoint formats in the JSON schemas', () => {
  const dir = join(__dirname, '../../schemas');
  const found: { at: string; values: unknown[] }[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) {
    formatEnums(JSON.parse(readFileSync(join(dir, f), 'utf8')), f, found);
  }
  it('some schema names checkpoint formats at all', () => {
    expect(found.length).toBeGreaterThan(2);
  });
  it.each(found.map((f) => [f.at, f.values] as const))('%s lists exactly the formats sdmatch reads', (_at, values) => {
    expect([...values].sort()).toEqual([...CHECKPOINT_FORMATS].sort());
  });
});
