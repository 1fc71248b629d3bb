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

  it('a tree model writes each listing line as bytes exactly as JSON.stringify of its record, odd values included', () => {
    const ckpt = openCheckpoint(join(repoRoot, 'fixtures/training/ddp.pt'));
    const recs = ckpt.tensors;
    expect(recs.length).toBeGreaterThan(6);
    // paths, names and numbers JSON must escape or write unlike the plain case
    recs[0]!.path = ['a"b\\c', 'é', 3, 'tab\there', '\u2028', '\ud800'];
    recs[1]!.info = { ...recs[1]!.info, kind: 'parameter', requiresGrad: true, storageOffset: 2 ** 53 + 2, storage: { ...recs[1]!.info.storage, numel: null, device: 'cuda:0', key: 'k"ey' } };
    recs[2]!.aliases = [['x', 1]];
    recs[3]!.info = { ...recs[3]!.info, quantization: { scheme: 'per_tensor_affine', scale: 0.5, zeroPoint: 1 } as never };
    recs[4]!.info = { ...recs[4]!.info, shape: [0, 12345678901], stride: [1e21, 7] };
    const m = buildInspectModel(ckpt);
    const lines = recs.map((_, i) => `    ${m.tensorLine(i)}`).join(',\n') + '\n';
    const text = Buffer.from(m.tensorText!(0, recs.length)).toString('utf8');
    expect(text).toBe(lines);
    // and a middle run ends with a separator, not the last line's newline
    expect(Buffer.from(m.tensorText!(1, 3)).toString('utf8')).toBe(`    ${m.tensorLine(1)},\n    ${m.tensorLine(2)},\n`);
  });

  it('the CLI writes it through standard output unchanged', async () => {
    const file = join(repoRoot, 'fixtures/training/var.pth');
    const r = await runCli(['inspect', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${formatInspectJson(buildInspectModel(openCheckpoint(file)))}\n`);
  });
});
