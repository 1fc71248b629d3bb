import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { hardWrap } from '../../bench/diagnosis/pastes.js';

// cheerss/CrossFormer#9, as posted: `missing_keys, unexpected_keys = backbone.body.load_state_dict(ckpt['model'], strict=False)`, one list printed
const CROSSFORMER = "unexpected keys: ['norm.weight', 'norm.bias', 'head.weight', 'head.bias', 'layers.0.blocks.0.attn.biases', 'layers.0.blocks.0.attn.relative_position_index', 'layers.0.blocks.1.attn.biases', .....";
const KEYS = ['norm.weight', 'norm.bias', 'head.weight', 'head.bias', 'layers.0.blocks.0.attn.biases', 'layers.0.blocks.0.attn.relative_position_index', 'layers.0.blocks.1.attn.biases'];

describe("the lists load_state_dict(strict=False) returns, printed by the caller under their names (error-text.ts RE_INCOMPATIBLE_FIELD)", () => {
  it('`unexpected keys: [...]` is the unexpected list, every key of it (not only the ones ending in a known parameter name), cut at `.....`', () => {
    const r = parseErrorText(CROSSFORMER, 'e.txt');
    expect(r).toMatchObject({ kind: 'incompatible_keys', missing: [], unexpected: KEYS, truncated: true });
  });

  it('a terminal wrap at 80 columns, inside keys, reads the same', () => {
    const wrapped = hardWrap(CROSSFORMER, 80);
    expect(wrapped).not.toBe(CROSSFORMER);
    expect(parseErrorText(wrapped, 'e.txt')).toMatchObject({ missing: [], unexpected: KEYS, truncated: true });
  });

  it("DETR's `Missing Keys: [...]` / `Unexpected Keys: [...]` (main.py prints each list it got back)", () => {
    const r = parseErrorText("Missing Keys: ['class_embed.weight', 'class_embed.bias']\nUnexpected Keys: ['query_embed.weight_old']", 'e.txt');
    expect(r).toMatchObject({ missing: ['class_embed.weight', 'class_embed.bias'], unexpected: ['query_embed.weight_old'], truncated: false });
  });
});
