import { describe, expect, it } from 'vitest';
import { looksLikeErrorText, parseErrorText } from '../../src/formats/error-text.js';

// HuCaoFighting/Swin-Unet#41 as posted: the middle of one list, the paste starting at the comma after a key
const SWIN_UNET = "```text\n, \"layers.2.blocks.4.mlp.fc2.bias\", \"layers.2.blocks.5.norm1.weight\", \"layers.2.blocks.5.norm1.bias\", \"layers.2.blocks.5.attn.qkv.weight\", \"layers.2.blocks.5.attn.qkv.bias\", \"layers.2.blocks.5.attn.proj.weight\", \"layers.2.blocks.5.attn.proj.bias\", \"layers.2.blocks.5.norm2.weight\", \"layers.2.blocks.5.norm2.bias\", \"layers.2.blocks.5.mlp.fc1.weight\", \"layers.2.blocks.5.mlp.fc1.bias\", \"layers.2.blocks.5.mlp.fc2.weight\", \"layers.2.blocks.5.mlp.fc2.bias\", \"layers.2.downsample.norm.weight\", \"layers.2.downsample.norm.bias\", \"layers.3.blocks.0.norm1.weight\", \"layers.3.blocks.0.norm1.bias\", \"layers.3.blocks.0.attn.qkv.weight\", \"layers.3.blocks.0.attn.qkv.bias\", \"layers.3.blocks.0.attn.proj.weight\", \"layers.3.blocks.0.attn.proj.bias\", \"layers.3.blocks.0.norm2.weight\", \"layers.3.blocks.0.norm2.bias\", \"layers.3.blocks.0.mlp.fc1.weight\", \"layers.3.blocks.0.mlp.fc1.bias\", \"layers.3.blocks.0.mlp.fc2.weight\", \"layers.3.blocks.0.mlp.fc2.bias\", \"layers.3.blocks.1.norm1.weight\", \"layers.3.blocks.1.norm1.b\nias\", \"layers.3.blocks.1.attn.qkv.weight\", \"layers.3.blocks.1.attn.qkv.bias\", \"layers.3.blocks.1.attn.proj.weight\", \"layers.3.blocks.1.attn.proj.bias\", \"layers.3.blocks.1.norm2.weight\", \"layers.3.blocks.1.norm2.bias\", \"layers.3.blocks.1.mlp.fc1.weight\", \"layers.3.blocks.1.mlp.fc1.bias\", \"layers.3.blocks.1.mlp.fc2.weight\", \"layers.3.blocks.1.mlp.fc2.bias\", \"";

// qiaoguan/Person-reid-GAN-pytorch#18 as posted: the middle of one list, starting at a key's opening quote
const PERSON_REID = "\"model.features.denseblock4.denselayer10.norm1.weight\", \"model.features.denseblock4.denselayer10.norm1.bias\", \"model.features.denseblock4.denselayer10.norm1.running_mean\", \"model.features.denseblock4.denselayer10.norm1.running_var\", \"model.features.denseblock4.denselayer10.conv1.weight\", \"model.features.denseblock4.denselayer10.norm2.weight\", \"model.features.denseblock4.denselayer10.norm2.bias\", \"model.features.denseblock4.denselayer10.norm2.running_mean\", \"model.features.denseblock4.denselayer10.norm2.running_var\", \"model.features.denseblock4.denselayer10.conv2.weight\", \"model.features.denseblock4.denselayer11.norm1.weight\", \"model.features.denseblock4.denselayer11.norm1.bias\", \"model.features.denseblock4.denselayer11.norm1.running_mean\", \"model.features.denseblock4.denselayer11.norm1.running_var\", \"model.features.denseblock4.denselayer11.conv1.weight\", \"model.features.denseblock4.denselayer11.norm2.weight\", \"model.features.denseblock4.denselayer11.norm2.bias\", \"model.features.densebl\nock4.denselayer11.norm2.running_mean\", \"model.features.denseblock4.denselayer11.norm2.running_var\", \"model.features.denseblock4.denselayer11.conv2.weight\", \"model.features.denseblock4.denselayer12.norm1.weight\", \"model.features.denseblock4.denselayer12.norm1.bias\", \"model.features.denseblock4.denselayer12.norm1.running_mean\", \"model.features.denseblock4.denselayer12.norm1.running_var\", \"model.features.denseblock4.denselayer12.conv1.weight\", \"model.features.denseblock4.denselayer12.norm2.weight\", \"model.features.denseblock4.denselayer12.norm2.bias\", \"model.features.densebl";

describe('a paste that starts at the comma after a key, inside a list whose heading it cut', () => {
  it('is an error text, its keys read whole (the first one too) and kept apart: the side is not in the text', () => {
    expect(looksLikeErrorText(SWIN_UNET)).toBe(true);
    const r = parseErrorText(SWIN_UNET, 'e');
    expect(r.missing).toEqual([]);
    expect(r.unexpected).toEqual([]);
    expect(r.unsided?.[0]).toBe('layers.2.blocks.4.mlp.fc2.bias');
    // the terminal wrap inside `norm1.b|ias` is joined; the last key, cut after its opening quote, is left out
    expect(r.unsided).toContain('layers.3.blocks.1.norm1.bias');
    expect(r.unsided?.at(-1)).toBe('layers.3.blocks.1.mlp.fc2.bias');
    expect(r.truncated).toBe(true);
  });

  it("qiaoguan/Person-reid-GAN-pytorch#18 as posted: the paste starts at a key's opening quote; read the same way, the first key whole", () => {
    expect(looksLikeErrorText(PERSON_REID)).toBe(true);
    const r = parseErrorText(PERSON_REID, 'e');
    expect(r.missing.length + r.unexpected.length).toBe(0);
    expect(r.unsided?.[0]).toBe('model.features.denseblock4.denselayer10.norm1.weight');
    expect(r.truncated).toBe(true);
  });

  it('a line of words that starts with a comma is no list', () => {
    expect(looksLikeErrorText(', and then it failed again, twice, with "x", "y" quoted')).toBe(false);
  });
});
