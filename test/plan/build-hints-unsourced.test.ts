import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

/**
 * Buffers a hint keeps missing settle the buffers, never the weights beside them (src/plan/build.ts
 * withHintCauses): a plan that leaves weights without a source is no fix.
 */

interface Out {
  fixable: boolean;
  keptMissing?: { key: string }[];
  causes: { code: string; message: string }[];
}
const explain = async (text: string): Promise<{ json: Out; words: string }> => ({
  json: JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out,
  words: (await runCli(['explain', '-'], { stdin: text })).stdout,
});

// XPixelGroup/HAT#102 as posted (a HAT checkpoint given to SwinIR), its missing list cut with `...` after
// the first block's buffers, as a user who shortens a long list pastes it: what stays is the window
// buffers and one block's `conv` weights
const HAT_CUT =
  'RuntimeError: Error(s) in loading state_dict for SwinIR: Missing key(s) in state_dict: "layers.0.residual_group.blocks.0.attn.relative_position_index", "layers.0.residual_group.blocks.1.attn_mask", "layers.0.residual_group.blocks.1.attn.relative_position_index", "layers.0.residual_group.blocks.2.attn.relative_position_index", "layers.0.residual_group.blocks.3.attn_mask", "layers.0.residual_group.blocks.3.attn.relative_position_index", "layers.0.residual_group.blocks.4.attn.relative_position_index", "layers.0.residual_group.blocks.5.attn_mask", "layers.0.residual_group.blocks.5.attn.relative_position_index", ..., "layers.1.residual_group.blocks.2.attn.relative_position_in\ndex", "layers.1.residual_group.blocks.3.attn_mask", "layers.1.residual_group.blocks.3.attn.relative_position_index", "layers.1.residual_group.blocks.4.attn.relative_position_index", "layers.1.residual_group.blocks.5.attn_mask", "layers.1.residual_group.blocks.5.attn.relative_position_index", "layers.1.conv.0.weight", "layers.1.conv.0.bias", "layers.1.conv.2.weight", "layers.1.conv.2.bias", "layers.1.conv.4.weight", "layers.1.conv.4.bias", "layers.1.conv';

// the same message with the buffers alone missing: the hint settles everything
const BUFFERS_ONLY =
  'RuntimeError: Error(s) in loading state_dict for SwinIR:\n\tMissing key(s) in state_dict: "layers.0.residual_group.blocks.0.attn.relative_position_index", "layers.0.residual_group.blocks.1.attn_mask", "layers.0.residual_group.blocks.1.attn.relative_position_index". ';

describe('buffers kept missing do not make weights without a source a fix', () => {
  it('HAT#102 cut short: the window buffers are kept missing, the `conv` weights stay unsourced, and the plan is no fix', async () => {
    const { json, words } = await explain(HAT_CUT);
    expect(json.keptMissing?.some((k) => k.key.endsWith('attn_mask'))).toBe(true);
    expect(json.fixable).toBe(false);
    // the generic account stays for the weights the buffers' finding does not cover
    expect(json.causes.map((c) => c.code)).toContain('one_sided');
    expect(words).toContain('the checkpoint lacks 6 keys');
    expect(words).not.toMatch(/strict\s*=\s*False/);
  });

  it('the buffers alone: kept missing, and that settles the plan', async () => {
    const { json } = await explain(BUFFERS_ONLY);
    expect(json.fixable).toBe(true);
    expect(json.causes.map((c) => c.code)).not.toContain('one_sided');
  });
});
