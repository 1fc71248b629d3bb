import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

// HVision-NKU/MaskCLIPpp#5, as posted: the fvcore title, then the middle of a quoted key list whose poster's copy broke one
// key (`'visual.tru` / `nk.stages.2.blocks.26.gamma'`) at the end of its long first line
const MASKCLIPPP = `Some model parameters or buffers are not found in the checkpoint

\`\`\`
nk.stages.2.blocks.23.mlp.fc1.bias', 'visual.trunk.stages.2.blocks.23.mlp.fc2.weight', 'visual.trunk.stages.2.blocks.23.mlp.fc2.bias', 'visual.trunk.stages.2.blocks.24.gamma', 'visual.trunk.stages.2.blocks.24.conv_dw.weight', 'visual.trunk.stages.2.blocks.24.conv_dw.bias', 'visual.trunk.stages.2.blocks.24.norm.weight', 'visual.trunk.stages.2.blocks.24.norm.bias', 'visual.trunk.stages.2.blocks.24.mlp.fc1.weight', 'visual.trunk.stages.2.blocks.24.mlp.fc1.bias', 'visual.trunk.stages.2.blocks.24.mlp.fc2.weight', 'visual.trunk.stages.2.blocks.24.mlp.fc2.bias', 'visual.trunk.stages.2.blocks.25.gamma', 'visual.trunk.stages.2.blocks.25.conv_dw.weight', 'visual.trunk.stages.2.blocks.25.conv_dw.bias', 'visual.trunk.stages.2.blocks.25.norm.weight', 'visual.trunk.stages.2.blocks.25.norm.bias', 'visual.trunk.stages.2.blocks.25.mlp.fc1.weight', 'visual.trunk.stages.2.blocks.25.mlp.fc1.bias', 'visual.trunk.stages.2.blocks.25.mlp.fc2.weight', 'visual.trunk.stages.2.blocks.25.mlp.fc2.bias', 'visual.tru
nk.stages.2.blocks.26.gamma', 'visual.trunk.stages.2.blocks.26.conv_dw.weight', 'visual.trunk.stages.2.blocks.26.conv_dw.bias', 'visual.trunk.stages.2.blocks.26.norm.weight', 'visual.trunk.stages.2.blocks.26.norm.bias', 'visual.trunk.stages.2.blocks.26.mlp.fc1.weight', 'visual.trunk.stages.2.blocks.26.mlp.fc1.bias', 'visual.trunk.stages.`;
// Jahawn-Wen/WeatherPrompt#1, as posted: a custom loader's printout of both lists, quoted keys on one line each
const WEATHERPROMPT = `Load the model from ./model/qwen5.4_xvlm_focal_reptile_32B_spade/net_209.pth
[load_network] Missing keys: 1557 (showing up to 10): ['model_1.model.conv1.weight', 'model_1.model.bn1.weight', 'model_1.model.bn1.bias', 'model_1.model.bn1.running_mean', 'model_1.model.bn1.running_var', 'model_1.model.bn1.num_batches_tracked', 'model_1.model.layer1.0.conv1.weight', 'model_1.model.layer1.0.bn1.IN.weight', 'model_1.model.layer1.0.bn1.IN.bias', 'model_1.model.layer1.0.bn1.BN.weight']
[load_network] Unexpected keys in checkpoint: 1282 (showing up to 10): ['temp', 'xvlm.temp', 'xvlm.vision_encoder.patch_embed.proj.weight', 'xvlm.vision_encoder.patch_embed.proj.bias', 'xvlm.vision_encoder.patch_embed.norm.weight', 'xvlm.vision_encoder.patch_embed.norm.bias', 'xvlm.vision_encoder.layers.0.blocks.0.norm1.weight', 'xvlm.vision_encoder.layers.0.blocks.0.norm1.bias', 'xvlm.vision_encoder.layers.0.blocks.0.attn.relative_position_bias_table', 'xvlm.vision_encoder.layers.0.blocks.0.attn.relative_position_index']`;

/** Every line broken every `width` characters, as a terminal wraps it. */
const hardWrap = (t: string, width: number) => t.split('\n').map((l) => l.match(new RegExp(`.{1,${width}}`, 'g'))?.join('\n') ?? l).join('\n');
/** Lines broken at uneven widths and trimmed, as text read off a screenshot (bench/diagnosis/paste-variants.ts ocrBreaks). */
const ocr = (t: string) => {
  let k = 0;
  return t.split('\n').map((l) => {
    let rest = l.trim();
    const out: string[] = [];
    for (;;) {
      const width = 70 + ((k++ * 7) % 23);
      if (rest.length <= width) break;
      out.push(rest.slice(0, width).trimEnd());
      rest = rest.slice(width).trimStart();
    }
    out.push(rest);
    return out.join('\n');
  }).join('\n');
};

describe('a quoted key opened at one line\'s end and closed at the next line\'s start is one key, however wide the line (error-text/loose.ts)', () => {
  it('MaskCLIPpp#5: the key its poster broke is read whole, wrapped again at 80 columns as on the clean text', () => {
    const clean = parseErrorText(MASKCLIPPP, 'e.txt');
    expect(clean.missing).toContain('visual.trunk.stages.2.blocks.26.gamma');
    for (const text of [hardWrap(MASKCLIPPP, 80), ocr(MASKCLIPPP)]) {
      const r = parseErrorText(text, 'e.txt');
      expect(r.missing).toEqual(clean.missing);
      expect(r.unsided ?? []).toEqual([]);
    }
  });

  it('WeatherPrompt#1 read off a screenshot (keys broken at uneven widths): the same keys as the clean text', () => {
    const clean = parseErrorText(WEATHERPROMPT, 'e.txt');
    expect(clean.missing).toHaveLength(10);
    const r = parseErrorText(ocr(WEATHERPROMPT), 'e.txt');
    expect(r.missing).toEqual(clean.missing);
    expect(r.unexpected).toEqual(clean.unexpected);
  });
});
