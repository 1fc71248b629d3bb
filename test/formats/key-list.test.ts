import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/formats/errors.js';
import { looksLikeKeyList, parseKeyList } from '../../src/formats/key-list.js';

const LLAMA = `# LlamaForCausalLM, print(*model.state_dict(), sep="\\n")
model.embed_tokens.weight
model.layers.0.self_attn.q_proj.weight
model.layers.0.self_attn.k_proj.weight

model.layers.0.self_attn.v_proj.weight   # grouped-query attention: 8 kv heads
model.norm.weight
lm_head.weight
`;

describe('parseKeyList', () => {
  it('reads one key a line, skipping blanks and comments, with unknown shapes', () => {
    const entries = parseKeyList(LLAMA, 'keys.txt');
    expect(entries.map((e) => e.key)).toEqual([
      'model.embed_tokens.weight',
      'model.layers.0.self_attn.q_proj.weight',
      'model.layers.0.self_attn.k_proj.weight',
      'model.layers.0.self_attn.v_proj.weight',
      'model.norm.weight',
      'lm_head.weight',
    ]);
    expect(entries.every((e) => e.shape === null && e.dtype === null)).toBe(true);
    expect(looksLikeKeyList(LLAMA)).toBe(true);
  });

  it('accepts CRLF and a BOM', () => {
    expect(parseKeyList('\uFEFFconv1.weight\r\nfc.bias\r\n', 'k.txt').map((e) => e.key)).toEqual(['conv1.weight', 'fc.bias']);
  });

  it('rejects a space inside a key with the line and column', () => {
    try {
      parseKeyList('conv1.weight\nlayer1.0 conv1.weight\n', 'keys.txt');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).toLine()).toBe(
        'keys.txt: line 2: "layer1.0 conv1.weight" has whitespace at column 9; a key list holds one key a line and keys have no spaces',
      );
    }
  });

  it('rejects duplicates and empty lists', () => {
    expect(() => parseKeyList('a.weight\nb.weight\na.weight\n', 'k.txt')).toThrow(/line 3: duplicate key "a.weight" \(first on line 1\)/);
    expect(() => parseKeyList('# nothing\n\n', 'k.txt')).toThrow(/holds no keys/);
  });

  it('does not claim tables, JSON, binary or error texts', () => {
    expect(looksLikeKeyList('conv1.weight  [64, 3, 7, 7]\n')).toBe(false);
    expect(looksLikeKeyList('{"conv1.weight": [1]}')).toBe(false);
    expect(looksLikeKeyList('PK\u0003\u0004\u0000\u0000')).toBe(false);
    expect(looksLikeKeyList('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "a".')).toBe(false);
    expect(looksLikeKeyList('\n# only a comment\n')).toBe(false);
  });
});
