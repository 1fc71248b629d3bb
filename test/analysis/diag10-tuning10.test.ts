import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

interface Out {
  fixable: boolean;
  plan: { ops: { op: string; prefix?: string }[]; mapping: Record<string, string | string[] | null> };
}
const explain = async (text: string): Promise<{ json: Out; words: string }> => ({
  json: JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out,
  words: (await runCli(['explain', '-'], { stdin: text })).stdout,
});

// DayBreak-u/chineseocr_lite#354, as posted (the poster cut both lists)
const CHINESEOCR = 'Missing key(s) in state_dict: "cnn.conv_0.weight", "cnn.conv_0.bias", "cnn.conv1.weight", "cnn.conv1.bias", \nUnexpected key(s) in state_dict: "module.module.cnn.conv0.weight", "module.module.cnn.conv0.bias",';
// cheerss/CrossFormer#9, as posted
const CROSSFORMER = "unexpected keys: ['norm.weight', 'norm.bias', 'head.weight', 'head.bias', 'layers.0.blocks.0.attn.biases', 'layers.0.blocks.0.attn.relative_position_index', 'layers.0.blocks.1.attn.biases', .....";
// hwz-zju/Instruct-ReID#20, as posted
const INSTRUCT_REID = "=> Loaded checkpoint '/media2/harshm/part2/Instruct-ReID/checkpoint_li.pth.tar'\nmismatch: classifier.weight torch.Size([2800, 768]) torch.Size([96, 768])\nmismatch: classifier_f.weight torch.Size([2800, 768]) torch.Size([96, 768])\nmismatch: classifier_c.weight torch.Size([2800, 768]) torch.Size([96, 768])\nmissing keys in state_dict: {'classifier.weight', 'classifier_f.weight', 'classifier_c.weight'}";

describe('tuning10 texts whose reading the general machinery lacked', () => {
  it('a doubled DataParallel prefix (`module.module.`) over a model without one is stripped whole (key-roles.ts WRAPPER_PREFIXES)', async () => {
    const { json, words } = await explain(CHINESEOCR);
    expect(json.plan.mapping['module.module.cnn.conv0.weight']).toBe('cnn.conv0.weight');
    expect(json.plan.ops).toContainEqual(expect.objectContaining({ op: 'strip_prefix', prefix: 'module.module.' }));
    expect(words).not.toMatch(/strict\s*=\s*False/);
  });

  it("CrossFormer's printed unexpected list: its DPB coordinates and relative_position_index are buffers, its classifier norm/head unused by the strict=False load (key-roles.ts NON_WEIGHT_BUFFERS)", async () => {
    const { json, words } = await explain(CROSSFORMER);
    for (const k of ['norm.weight', 'norm.bias', 'head.weight', 'head.bias', 'layers.0.blocks.0.attn.biases', 'layers.0.blocks.0.attn.relative_position_index', 'layers.0.blocks.1.attn.biases']) {
      expect(json.plan.mapping[k], k).toBeNull();
    }
    expect(words).toContain('cut short');
    expect(words).not.toMatch(/strict\s*=\s*False\)? succeeds/);
  });

  it("open-reid's copy_state_dict: ID classifiers of another identity count are dropped and kept missing, never called keys the checkpoint lacks", async () => {
    const { json, words } = await explain(INSTRUCT_REID);
    expect(json.fixable).toBe(true);
    for (const k of ['classifier.weight', 'classifier_f.weight', 'classifier_c.weight']) expect(json.plan.mapping[k], k).toBeNull();
    expect(words).not.toContain('the checkpoint does not have');
    expect(words).not.toMatch(/strict\s*=\s*False/);
  });
});
