import { describe, expect, it } from 'vitest';
import { bufferRule } from '../../src/analysis/key-roles.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

/**
 * Review 18 F9 (S18): a causal-mask buffer `attn_mask` was dropped with Swin's window-attention story
 * ("computed from the window size; only the relative_position_bias_table next to it is trained"). The reason a
 * buffer is left out must fit its kind: one table (key-roles.ts), one row per kind of buffer.
 */
describe('a dropped buffer is told as its own kind', () => {
  it('attn_mask: an attention mask, causal or windowed, never the relative-position story alone', () => {
    for (const key of ['attn_mask', 'layers.0.blocks.1.attn_mask']) {
      const r = bufferRule(key)!;
      expect(r.what).toMatch(/causal/);
      expect(`${r.what} ${r.why}`).not.toMatch(/relative_position_bias_table/);
    }
  });
  it('Swin relative-position index: the window story; GPT-2 attn.bias: the causal one', () => {
    expect(bufferRule('layers.0.blocks.0.attn.relative_position_index')!.why).toMatch(/relative_position_bias_table/);
    expect(bufferRule('h.0.attn.bias')!.what).toMatch(/causal/);
    expect(bufferRule('h.0.attn.masked_bias')!.what).toMatch(/causal/);
  });
  it("a plan dropping a root causal mask says so in the drop's reason (S18)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'buffer-kinds-'));
    try {
      const m = (shapes: Record<string, number[]>) => JSON.stringify({ format: 'sdmatch-manifest', version: 1, tensors: Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, { shape, dtype: 'float32' }])) });
      const body = { 'embed.weight': [20, 16], 'attn.weight': [16, 16], 'attn.bias': [16] };
      writeFileSync(join(dir, 'src.json'), m({ attn_mask: [8, 8], ...body }));
      writeFileSync(join(dir, 'tgt.json'), m({ ...body, scale: [16] }));
      const r = await runCli(['plan', join(dir, 'src.json'), join(dir, 'tgt.json'), '--json'], memoryIO());
      const drop = (JSON.parse(r.stdout).plan?.ops ?? JSON.parse(r.stdout).ops).find((o: { op: string }) => o.op === 'drop');
      expect(drop.reason).toMatch(/causal/);
      expect(drop.reason).not.toMatch(/relative_position_bias_table/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
