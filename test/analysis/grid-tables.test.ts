import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

/**
 * A vision transformer's rotary tables, which the model computes from its patch grid, on torch's size lines: another
 * input resolution, not another model (src/analysis/grid-tables.ts). The text is naver-ai/rope-vit#31's (tuning19):
 * a RoPE-Mixed ViT trained at 224 px (14×14 patches) tested at 384 px (24×24).
 */
const ROPE_VIT = (a: string, b: string, x = '[196]', y = '[576]') => `\`RuntimeError: Error(s) in loading state_dict for rope_vit_models: 
size mismatch for ${a}: copying a param with shape torch.Size(${x}) from checkpoint, the shape in current model is torch.Size(${y}).
size mismatch for ${b}: copying a param with shape torch.Size(${x}) from checkpoint, the shape in current model is torch.Size(${y}).\``;

interface Out { fixable: boolean; plan: { mapping: Record<string, unknown> } }
const explain = async (text: string) => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  const t = await runCli(['explain', '-'], { stdin: text });
  return { json: JSON.parse(r.stdout) as Out, text: t.stdout, code: r.code };
};

describe('rotary tables of another patch grid', () => {
  it("RoPE-ViT's `freqs_t_x` / `freqs_t_y` of another grid: drop the checkpoint's, keep the model's, no class-count story", async () => {
    const { json, text } = await explain(ROPE_VIT('freqs_t_x', 'freqs_t_y'));
    expect(json.fixable).toBe(true);
    expect(json.plan.mapping['freqs_t_x']).toBeNull();
    expect(json.plan.mapping['freqs_t_y']).toBeNull();
    expect(text).toMatch(/patch grid/);
    expect(text).not.toMatch(/class count|head has another number/);
  });

  it("EVA-02's `rope.freqs_cos` / `freqs_sin` of another grid, the head dimension the same: dropped", async () => {
    const { json } = await explain(ROPE_VIT('rope.freqs_cos', 'rope.freqs_sin', '[256, 64]', '[1024, 64]'));
    expect(json.plan.mapping['rope.freqs_cos']).toBeNull();
  });

  it('another head dimension is another model, and a table of another name is no rotary table', async () => {
    const dim = await explain(ROPE_VIT('rope.freqs_cos', 'rope.freqs_sin', '[256, 64]', '[256, 32]'));
    expect(dim.json.fixable).toBe(false);
    const other = await explain(ROPE_VIT('coords_x', 'coords_y'));
    expect(other.json.plan.mapping['coords_x']).not.toBeNull();
  });
});
