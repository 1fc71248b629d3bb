import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { buildInspectModel, formatInspectJson, inspectJsonChunks, inspectJson } from '../../src/report/inspect-model.js';
import { widened } from './widened.js';
import { repoRoot } from '../helpers/corpus.js';
import { validateJson, type JsonSchema } from '../helpers/json-schema.js';
import { runCli } from '../cli/capture-main.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/inspect.schema.json'), 'utf8')) as JsonSchema;

describe('inspect --json as a stream', () => {
  it('the chunks join to the very JSON of before, schema-valid, in pieces of about a megabyte', () => {
    for (const n of [0, 1, 4999, 5000, 5001, 23_456]) {
      const m = widened(join(repoRoot, 'fixtures/training/ddp.pt'), n);
      const chunks = [...inspectJsonChunks(m)];
      const text = chunks.join('');
      expect(text).toBe(formatInspectJson(m));
      const parsed = JSON.parse(text) as unknown;
      expect(parsed).toEqual(inspectJson(m));
      expect(validateJson(schema, parsed)).toEqual([]);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2 << 20);
    }
  });

  it('the CLI writes it through standard output unchanged', async () => {
    const file = join(repoRoot, 'fixtures/training/var.pth');
    const r = await runCli(['inspect', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${formatInspectJson(buildInspectModel(openCheckpoint(file)))}\n`);
  });
});
