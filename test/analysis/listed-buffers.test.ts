import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { bufferRuleSeen } from '../../src/analysis/key-roles.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { parseErrorText } from '../../src/formats/error-text.js';

/**
 * review19 F2: a model whose attention projection is `self.attn = nn.Linear(16, 48)` has a trained 1-D float
 * `attn.bias` beside `attn.weight`; the causal-mask row (GPT-2's `attn.bias`, a [1, 1, n, n] triangle) named
 * it, and `explain CKPT ERROR` for a `blocks.` → `layers.` rename dropped both biases as masks, "nothing
 * trained is lost". The reviewer's text (torch 1.13, probes/errors.py, S12) and checkpoint shapes.
 */
const BLOCK = ['ln.weight', 'ln.bias', 'attn.weight', 'attn.bias', 'proj.weight', 'proj.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var'];
const keys = (prefix: string, counters: boolean) => [0, 1].flatMap((i) => [...BLOCK, ...(counters ? ['bn.num_batches_tracked'] : [])].map((k) => `${prefix}.${i}.${k}`));
const quoted = (ks: string[]) => ks.map((k) => `"${k}"`).join(', ');
const TEXT = `Traceback (most recent call last):
  File "/work/notes/review19/probes/errors.py", line 11, in text_of
    model.load_state_dict(sd)
  File "/usr/lib/python3/dist-packages/torch/nn/modules/module.py", line 1671, in load_state_dict
    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
RuntimeError: Error(s) in loading state_dict for Blocky:
\tMissing key(s) in state_dict: ${quoted(keys('layers', false))}. 
\tUnexpected key(s) in state_dict: ${quoted(keys('blocks', true))}. 
`;
const SHAPES: Record<string, number[]> = { 'ln.weight': [16], 'ln.bias': [16], 'attn.weight': [48, 16], 'attn.bias': [48], 'proj.weight': [16, 48], 'proj.bias': [16], 'bn.weight': [16], 'bn.bias': [16], 'bn.running_mean': [16], 'bn.running_var': [16], 'bn.num_batches_tracked': [] };

function manifest(prefix: string, counters: boolean, extra: Record<string, { shape: number[]; dtype: string }> = {}): string {
  const tensors = Object.fromEntries(keys(prefix, counters).map((k) => [k, { shape: SHAPES[k.split('.').slice(2).join('.')]!, dtype: k.endsWith('num_batches_tracked') ? 'int64' : 'float32' }]));
  return JSON.stringify({ format: 'sdmatch-manifest', version: 1, tensors: { ...tensors, ...extra } });
}

describe('a trained attn.bias is not read as a causal mask (review19 F2)', () => {
  it('from the text alone: its module\'s weight is listed beside it, and a rename covers it: no drop, nothing kept missing as a buffer', () => {
    const h = errorHints(parseErrorText(TEXT, 'S12.txt'));
    expect(h.drops.map((d) => d.key)).toEqual([]);
    expect(h.keepMissing.map((k) => k.key)).toEqual([]);
  });

  it('a cut text without the weights: the rename that covers the key still outranks the mask reading', () => {
    const cut = parseErrorText(`RuntimeError: Error(s) in loading state_dict for Blocky:
\tMissing key(s) in state_dict: "layers.0.ln.weight", "layers.0.attn.bias", "layers.1.ln.weight", "layers.1.attn.bias". 
\tUnexpected key(s) in state_dict: "blocks.0.ln.weight", "blocks.0.attn.bias", "blocks.1.ln.weight", "blocks.1.attn.bias". 
`, 'cut.txt');
    const h = errorHints(cut);
    expect(h.drops).toEqual([]);
    expect(h.keepMissing).toEqual([]);
  });

  it('a GPT-2 mask the model no longer has (nothing on the other side names it) is still a buffer to leave out', () => {
    const h = errorHints(parseErrorText(`RuntimeError: Error(s) in loading state_dict for GPT2Model:
\tUnexpected key(s) in state_dict: "h.0.attn.bias", "h.0.attn.masked_bias", "h.1.attn.bias", "h.1.attn.masked_bias". 
`, 'gpt2.txt'));
    expect(h.drops.map((d) => d.key)).toEqual(['h.0.attn.bias', 'h.0.attn.masked_bias', 'h.1.attn.bias', 'h.1.attn.masked_bias']);
  });

  it('with shapes: a mask is >= 2-D with square trailing dims or not float; a 1-D float bias is not', () => {
    expect(bufferRuleSeen('h.0.attn.bias', [1, 1, 1024, 1024], 'uint8')).not.toBeNull();
    expect(bufferRuleSeen('h.0.attn.bias', [1, 1, 8, 8], 'float32')).not.toBeNull();
    expect(bufferRuleSeen('h.0.attn.masked_bias', [], 'float32')).not.toBeNull();
    expect(bufferRuleSeen('blocks.0.attn.bias', [48], 'float32')).toBeNull();
    expect(bufferRuleSeen('blocks.0.attn.bias', [48], 'bfloat16')).toBeNull();
    expect(bufferRuleSeen('blocks.0.attn.bias', null, null, (k) => k === 'blocks.0.attn.weight')).toBeNull();
    expect(bufferRuleSeen('h.0.attn.bias', null, null, (k) => k === 'h.0.attn.c_attn.weight')).not.toBeNull();
  });

  it('explain CKPT ERROR: one rename covers all 22 keys, no drop (the reviewer\'s S12 text and shapes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'listed-buffers-'));
    try {
      writeFileSync(join(dir, 'ckpt.json'), manifest('blocks', true));
      writeFileSync(join(dir, 'S12.txt'), TEXT);
      const r = await runCli(['plan', join(dir, 'ckpt.json'), join(dir, 'S12.txt'), '--json'], memoryIO());
      const ops = (JSON.parse(r.stdout) as { plan: { ops: { op: string; pattern?: string }[] } }).plan.ops;
      expect(ops.filter((o) => o.op === 'drop')).toEqual([]);
      expect(ops.map((o) => o.op)).toEqual(['rename']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('plan CKPT MODEL: a trained 1-D attn.bias the model has no place for is a trained drop to decide, not a buffer dropped silently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'listed-buffers-'));
    try {
      const tensors = (withBias: boolean) => JSON.stringify({ format: 'sdmatch-manifest', version: 1, tensors: { 'attn.weight': { shape: [48, 16], dtype: 'float32' }, ...(withBias ? { 'attn.bias': { shape: [48], dtype: 'float32' } } : {}), 'proj.weight': { shape: [16, 48], dtype: 'float32' } } });
      writeFileSync(join(dir, 'src.json'), tensors(true));
      writeFileSync(join(dir, 'tgt.json'), tensors(false));
      const r = await runCli(['plan', join(dir, 'src.json'), join(dir, 'tgt.json'), '--json'], memoryIO());
      const drop = (JSON.parse(r.stdout) as { plan: { ops: { op: string; reason?: string; unsettled?: boolean }[] } }).plan.ops.find((o) => o.op === 'drop')!;
      expect(drop.reason).not.toMatch(/causal attention mask/);
      expect(drop.unsettled).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
