import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

/**
 * A paste that is only a key list whose heading it cut, its keys saying nothing of the side: read (what
 * the keys show, what either side would mean, what to paste), exit 1, never refused with exit 2
 * (src/analysis/headless-side.ts, src/cli/run-plan.ts; issue 10: "say what is missing and ask for the whole text").
 */

// cheng-haha/ScConv#21 as posted: the middle of one list, no heading, every key under DataParallel's `module.`
const SCCONV = "ule.g3.gp.15.conv2.SRU.gn.weight\", \"module.g3.gp.15.conv2.SRU.gn.bias\", \"module.g3.gp.15.conv2.CRU.squeeze1.weight\", \"module.g3.gp.15.conv2.CRU.squeeze2.weight\", \"module.g3.gp.15.conv2.CRU.GWC.weight\", \"module.g3.gp.15.conv2.CRU.GWC.bias\", \"module.g3.gp.15.conv2.CRU.PWC1.weight\", \"module.g3.gp.15.conv2.CRU.PWC2.weight\", \"module.g3.gp.16.conv1.SRU.gn.weight\", \"module.g3.gp.16.conv1.SRU.gn.bias\", \"module.g3.gp.16.conv1.CRU.squeeze1.weight\", \"module.g3.gp.16.conv1.CRU.squeeze2.weight\", \"module.g3.gp.16.conv1.CRU.GWC.weight\", \"module.g3.gp.16.conv1.CRU.GWC.bias\", \"module.g3.gp.16.conv1.CRU.PWC1.weight\", \"module.g3.gp.16.conv1.CRU.PWC2.weight\", \"module.g3.gp.16.conv2.SRU.gn.weight\", \"module.g3.gp.16.conv2.SRU.gn.bias\", \"module.g3.gp.16.conv2.CRU.squeeze1.weight\", \"module.g3.gp.16.conv2.CRU.squeeze2.weight\", \"module.g3.gp.16.conv2.CRU.GWC.weight\", \"module.g3.gp.16.conv2.CRU.GWC.bias\", \"module.g3.gp.16.conv2.CRU.PWC1.weight\", \"module.g3.gp.16.conv2.CRU.PWC2.weight\", \"module.g3.gp.17.conv1.SRU\n.gn.weight\", \"module.g3.gp.17.conv1.SRU.gn.bias\", \"module.g3.gp.17.conv1.CRU.squeeze1.weight\", \"module.g3.gp.17.conv1.CRU.squeeze2.weight\", \"module.g3.gp.17.conv1.CRU.GWC.weight\", \"module.g3.gp.17.conv1.CRU.GWC.bias\", \"module.g3.gp.17.conv1.CRU.PWC1.weight\", \"module.g3.gp.17.conv1.CRU.PWC2.weight\", \"module.g3.gp.17.conv2.SRU.gn.weight\", \"module.g3.gp.17.conv2.SRU.gn.bias\", \"mod";
// bowang-lab/MedSAM#272 as posted: the middle of LiteMedSAM's list, no heading, BatchNorm statistics among the weights
const MEDSAM = "image_encoder.layers.2.blocks.4.mlp.fc2.bias\", \"image_encoder.layers.2.blocks.4.local_conv.c.weight\", \"image_encoder.layers.2.blocks.4.local_conv.bn.weight\", \"image_encoder.layers.2.blocks.4.local_conv.bn.bias\", \"image_encoder.layers.2.blocks.4.local_conv.bn.running_mean\", \"image_encoder.layers.2.blocks.4.local_conv.bn.running_var\", \"image_encoder.layers.2.blocks.5.attn.attention_biases\", \"image_encoder.layers.2.blocks.5.attn.norm.weight\", \"image_encoder.layers.2.blocks.5.attn.norm.bias\", \"image_encoder.layers.2.blocks.5.attn.qkv.weight\", \"image_encoder.layers.2.blocks.5.attn.qkv.bias\", \"image_encoder.layers.2.blocks.5.attn.proj.weight\", \"image_encoder.layers.2.blocks.5.attn.proj.bias\", \"image_encoder.layers.2.blocks.5.mlp.norm.weight\", \"image_encoder.layers.2.blocks.5.mlp.norm.bias\", \"image_encoder.layers.2.blocks.5.mlp.fc1.weight\", \"image_encoder.layers.2.blocks.5.mlp.fc1.bias\", \"image_encoder.layers.2.blocks.5.mlp.fc2.weight\", \"image_encoder.layers.2.blocks.5.mlp.fc2.bias\", \"image_e\nncoder.layers.2.blocks.5.local_conv.c.weight\", \"image_encoder.layers.2.blocks.5.local_conv.bn.weight\", \"image_encoder.layers.2.blocks.5.local_conv.bn.bias\", \"image_encoder.layers.2.blocks.5.local_conv.bn.running_mean\", \"image_encoder.layers.2.blocks.5.local_conv.bn.running_var\", \"image_encoder.layers.2.downsample.conv1.c.weight\", \"image_encoder.layers.2.downsample.co";

interface Out {
  fixable: boolean;
  causes: { code: string; message: string }[];
  plan: { ops: unknown[] };
  readings: { situation: string; chosen: string | null }[];
}

describe('a headless list whose keys say nothing of the side is read, never refused', () => {
  it('ScConv#21: exit 1, no fix, the wrapper prefix on every key and both sides said, the whole message asked for', async () => {
    const r = await runCli(['explain', '-'], { stdin: SCCONV });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cuts the heading that says whether its');
    expect(r.stdout).toMatch(/every one starts with `module\.` \(DataParallel/);
    expect(r.stdout).toContain('paste the whole message from its first line');
    expect(r.stdout).toMatch(/side unknown \(\d+\)/);
    expect(r.stdout).not.toMatch(/strict\s*=\s*False/);
    const j = JSON.parse((await runCli(['explain', '-', '--json'], { stdin: SCCONV })).stdout) as Out;
    expect(j.fixable).toBe(false);
    expect(j.plan.ops).toEqual([]);
    expect(j.causes[0]!.code).toBe('headless_side');
    // the open question is the side: no reading is taken for it
    expect(j.readings.find((x) => x.situation === 'headless_list')?.chosen).toBeNull();
  });

  it('MedSAM#272: exit 1, one stdout report; BatchNorm running statistics are not called weightless buffers (they are learned from data)', async () => {
    const r = await runCli(['explain', '-'], { stdin: MEDSAM });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/buffers or counters/);
    expect(r.stdout).toContain('under `image_encoder.`');
  });
});
