import { describe, expect, it } from 'vitest';
import { looksLikeErrorText, parseErrorText } from '../../../src/formats/error-text.js';
import { readLoosely } from '../../../src/formats/error-text/loose.js';

describe('the loose reader: keys by the words around them, for formats no parser knows', () => {
  it('puts each key on the side the nearest preceding word names, and skips paths and module names', () => {
    const text = 'WARNING loading weights from ckpt.pth (torch.nn.modules): the following are missing: encoder.conv1.weight, encoder.bn1.running_mean; and these were not used: head.fc.weight head.fc.bias';
    expect(readLoosely(text)).toEqual({ missing: ['encoder.conv1.weight', 'encoder.bn1.running_mean'], unexpected: ['head.fc.weight', 'head.fc.bias'] });
  });
  it('reads nothing without a side word, or without state-dict-like keys', () => {
    expect(readLoosely('encoder.conv1.weight encoder.bn1.bias')).toEqual({ missing: [], unexpected: [] });
    expect(readLoosely('missing: see utils.py and config.yaml')).toEqual({ missing: [], unexpected: [] });
  });
  it('a paste only it can read is an error text, flagged as read loosely and never complete', () => {
    const text = 'when loading the checkpoint, keys missing from it: backbone.stem.conv.weight, backbone.stem.bn.bias';
    expect(looksLikeErrorText(text)).toBe(true);
    const r = parseErrorText(text, 'e.txt');
    expect(r.missing).toEqual(['backbone.stem.conv.weight', 'backbone.stem.bn.bias']);
    expect(r.truncated).toBe(true);
    expect(r.notes.join(' ')).toMatch(/read from the words around them/);
  });
  it('a plain key list stays a key list', () => {
    expect(looksLikeErrorText('encoder.conv1.weight\nencoder.conv1.bias\n')).toBe(false);
    // a comment heading names no side for the lines below it
    expect(looksLikeErrorText('# checkpoint keys:\nencoder.conv1.weight\nencoder.conv1.bias\n')).toBe(false);
  });
  it("labels that name a side for the keys after them on their line (FareedKhan-dev/train-llm-from-scratch#36's PR text)", () => {
    const text = [
      '#### Problem Description',
      'When `torch.compile` is enabled during pre-training, saved checkpoints contain an `_orig_mod.` prefix in their state dict keys.',
      '**Observed Behavior:**',
      '- **Checkpoint keys:** `_orig_mod.attn_blocks.0.attn.heads.0.key.weight`',
      '- **Expected keys:** `attn_blocks.0.attn.heads.0.key.weight`',
      '- **Result:** 163 missing keys during loading, causing the model to load with random initialization instead of pre-trained weights.',
    ].join('\n');
    expect(readLoosely(text)).toEqual({ missing: ['attn_blocks.0.attn.heads.0.key.weight'], unexpected: ['_orig_mod.attn_blocks.0.attn.heads.0.key.weight'] });
    expect(looksLikeErrorText(text)).toBe(true);
    // "the keys in the checkpoint: … / the model expects: …" in a sentence
    expect(readLoosely('loading fails. keys in the checkpoint: module.fc.weight, module.fc.bias\nbut the model expects: fc.weight, fc.bias')).toEqual({ missing: ['fc.weight', 'fc.bias'], unexpected: ['module.fc.weight', 'module.fc.bias'] });
  });
  it('a side word before a label on its line decides the side (review8 p10): "Missing keys in the checkpoint" are missing', () => {
    expect(readLoosely('I get this when loading my model:\nMissing keys in the checkpoint: `encoder.blocks.0.attn.qkv.weight`, `encoder.blocks.0.attn.qkv.bias`')).toEqual({ missing: ['encoder.blocks.0.attn.qkv.weight', 'encoder.blocks.0.attn.qkv.bias'], unexpected: [] });
    expect(readLoosely('after loading:\nKeys missing from the model keys: `encoder.blocks.0.attn.qkv.weight`')).toEqual({ missing: ['encoder.blocks.0.attn.qkv.weight'], unexpected: [] });
    expect(readLoosely('Unexpected keys in the checkpoint: `aux.fc.weight`')).toEqual({ missing: [], unexpected: ['aux.fc.weight'] });
  });
  it('two labelled whole key sets that share keys are diffed (review8 p18b): a key on both sides is neither missing nor unexpected', () => {
    const text = "I printed both:\nmodel keys: ['encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'head.weight', 'extra.weight']\ncheckpoint keys: ['encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'head.weight', 'old.weight']";
    expect(readLoosely(text)).toEqual({ missing: ['extra.weight'], unexpected: ['old.weight'] });
    // no key shared (a wrapper on every checkpoint key): each set is its side, as before
    const ddp = "model keys: ['encoder.0.weight', 'head.weight']\ncheckpoint keys: ['module.encoder.0.weight', 'module.head.weight']";
    expect(readLoosely(ddp)).toEqual({ missing: ['encoder.0.weight', 'head.weight'], unexpected: ['module.encoder.0.weight', 'module.head.weight'] });
  });
  it('a quoted list of dotless root names after a side word is read (ofsoundof/GRL-Image-Restoration#4); quoted prose words and a lone name are not', () => {
    const grl = 'I am having trouble loading the model because I am getting an error message indicating that some keys are missing from the state dictionary. \nI have noticed that all of the missing keys are associated with the function \'get_relative_coords_table_all\'. Could you please let me know if there is anything I am missing or doing incorrectly?\n\n"table_w", "table_sh", "table_sv", "index_w", "index_sh_a2w", "index_sh_w2a", "index_sv_a2w", "index_sv_w2a", "mask_w", "mask_sh_a2w", "mask_sh_w2a", "mask_sv_a2w", "mask_sv_w2a".';
    expect(readLoosely(grl).missing).toEqual(['table_w', 'table_sh', 'table_sv', 'index_w', 'index_sh_a2w', 'index_sh_w2a', 'index_sv_a2w', 'index_sv_w2a', 'mask_w', 'mask_sh_a2w', 'mask_sh_w2a', 'mask_sv_a2w', 'mask_sv_w2a']);
    expect(looksLikeErrorText(grl)).toBe(true);
    // pasted from a rendered page (typographic quotes), or wrapped by a terminal at 80 columns inside a name
    expect(looksLikeErrorText(grl.replace(/"([^"]*)"/g, '\u201C$1\u201D'))).toBe(true);
    const wrapped = grl.split('\n').flatMap((l) => l.match(/.{1,80}/g) ?? ['']).join('\n');
    expect(wrapped).toMatch(/"[a-z_]+\n[a-z0-9_]+"/);
    expect([...parseErrorText(wrapped, 'e.txt').missing].sort()).toEqual([...readLoosely(grl).missing].sort());
    // a ViT's root keys as the checkpoint's side
    expect(readLoosely("the checkpoint has unexpected keys 'pos_embed', 'cls_token', 'mask_token' when loading")).toEqual({ missing: [], unexpected: ['pos_embed', 'cls_token', 'mask_token'] });
    // quoted words of prose, two names, one function name: no keys
    expect(readLoosely('the missing options are "yes", "no", "maybe" in the loader')).toEqual({ missing: [], unexpected: [] });
    expect(readLoosely('missing keys: "table_w", "table_sh"')).toEqual({ missing: [], unexpected: [] });
    expect(readLoosely("missing keys come from 'get_relative_coords_table_all'")).toEqual({ missing: [], unexpected: [] });
  });
});
