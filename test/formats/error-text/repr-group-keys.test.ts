import { describe, expect, it } from 'vitest';
import { canonicalKey, readPythonList, readUnquotedList, splitItems } from '../../../src/formats/error-text/lists.js';
import { parseErrorText } from '../../../src/formats/error-text.js';

/**
 * Keys holding a repr group: torch refuses only `.` in a module name, and e2cnn/escnn name a basis expansion's
 * buffers after a tuple of field types and an InnerBatchNorm's norms after a list (csuhan/ReDet#4's ReResNet).
 */
const EXPANSION = "conv1._basisexpansion.block_expansion_('irrep_0', 'regular').sampled_basis";
const NORM = 'bn1.batch_norm_[8].weight';

describe('keys with repr groups', () => {
  it('a comma inside a group glued to a key separates no keys; a bare list splits as before', () => {
    expect(splitItems(`a.w, ${EXPANSION}, ${NORM}`).map((s) => s.trim())).toEqual(['a.w', EXPANSION, NORM]);
    expect(splitItems('a.b, c.d').map((s) => s.trim())).toEqual(['a.b', 'c.d']);
    // a bracket after a space or comma is no key's group (timm's `(a, b)` list, prose)
    expect(splitItems('a.b (see, here)').length).toBe(2);
  });

  it('canonicalKey keeps the space Python puts after a comma in a repr, and drops what a wrap or padding added', () => {
    expect(canonicalKey("conv1._basisexpansion.block_expansion_('irrep_0','regular').sampled_basis")).toBe(EXPANSION);
    expect(canonicalKey("conv1._basis expansion.block_expansion_('irrep_0',   'regular').sampled_basis")).toBe(EXPANSION);
    expect(canonicalKey("m.d_('a',).w")).toBe("m.d_('a',).w");
    expect(canonicalKey('layer1.0 .conv1.weight')).toBe('layer1.0.conv1.weight');
  });

  it('an mmcv list reads every such key; one cut inside its group marks the list cut', () => {
    expect(readUnquotedList(`backbone.${EXPANSION}, backbone.${NORM}, backbone.layer1.0.conv1.weights`)).toEqual({
      keys: [`backbone.${EXPANSION}`, `backbone.${NORM}`, 'backbone.layer1.0.conv1.weights'],
      truncated: false,
      stopped: false,
    });
    const cut = readUnquotedList(`backbone.${NORM}, backbone.layer1.0.conv1._basisexpansion.block_expansion_('regular', 're`);
    expect(cut).toEqual({ keys: [`backbone.${NORM}`], truncated: true, stopped: false });
  });

  it("a Python list holding such a key is no diffusers joined string", () => {
    const r = readPythonList(`['a.w', "${EXPANSION}"]`, 0)!;
    expect(r.joined).toBe(false);
    expect(r.keys).toEqual(['a.w', EXPANSION]);
  });

  it("the same keys read alike from torch's strict error, the repr and mmcv's log (before: mmcv read 1 key of 3 and called the list whole; the quoted forms dropped the space)", () => {
    const want = { missing: ['conv1.weights', EXPANSION, NORM], unexpected: ['backbone.conv1.weights', `backbone.${EXPANSION}`, `backbone.${NORM}`] };
    const strict = `RuntimeError: Error(s) in loading state_dict for ReResNet:\n\tMissing key(s) in state_dict: "conv1.weights", "${EXPANSION}", "${NORM}". \n\tUnexpected key(s) in state_dict: "backbone.conv1.weights", "backbone.${EXPANSION}", "backbone.${NORM}". `;
    const repr = `_IncompatibleKeys(missing_keys=['conv1.weights', "${EXPANSION}", '${NORM}'], unexpected_keys=['backbone.conv1.weights', "backbone.${EXPANSION}", 'backbone.${NORM}'])`;
    const mmcv = `missing keys in source state_dict: conv1.weights, ${EXPANSION}, ${NORM}\nunexpected key in source state_dict: backbone.conv1.weights, backbone.${EXPANSION}, backbone.${NORM}`;
    for (const text of [strict, repr, mmcv]) {
      const r = parseErrorText(text, 'e.txt');
      expect({ missing: r.missing, unexpected: r.unexpected }, text).toEqual(want);
      expect(r.truncated, text).toBe(false);
    }
  });

  it('csuhan/ReDet#4 (tuning19), as posted: every key of the wrapped mmcv list is read, and the paste is cut (it stops mid-key)', () => {
    const text = "unexpected key in source state_dict: backbone.conv1.weights, backbone.conv1._basisexpansion.block_expansion_('irrep_0', 'regular').sampled_basis, backbone.bn1.indices_8, backbone.bn1.batch_norm_[8].weight, backbone.bn1.batch_norm_[8].bias, backbone.layer1.0.bn2.indices_\n8, backbone.layer1.0.bn2.batch_norm_[8].weight, backbone.layer1.0.conv3.filter, backbone.layer1.0.conv3._basisexpansion.block_expansion_('regular', 'regular').sampled_basis, b";
    const r = parseErrorText(text, 'e.txt');
    expect(r.unexpected).toContain("backbone.layer1.0.conv3._basisexpansion.block_expansion_('regular', 'regular').sampled_basis");
    expect(r.unexpected).toContain('backbone.layer1.0.bn2.indices_8');
    expect(r.unexpected.length).toBeGreaterThanOrEqual(9);
    expect(r.truncated).toBe(true);
  });
  it('ReDet#4 with its line breaks lost: a wrap turned into a space inside a key is joined when the next item is a repr-group key (before: the list stopped there and was called whole)', () => {
    const flat = "unexpected key in source state_dict: backbone.bn1.indices_8, backbone.bn1.batch_norm_[8].weight, backbone.layer1.0.bn2.indices_ 8, backbone.layer1.0.bn2.batch_norm_[8].weight, backbone.layer1.0.conv3.filter, b";
    const r = parseErrorText(flat, 'e.txt');
    expect(r.unexpected).toEqual(['backbone.bn1.indices_8', `backbone.${NORM}`, 'backbone.layer1.0.bn2.indices_8', 'backbone.layer1.0.bn2.batch_norm_[8].weight', 'backbone.layer1.0.conv3.filter']);
    expect(r.truncated).toBe(true);
  });

  it('an mmcv list with an elision inside it still has its last key checked at the text\'s end (before: `b` was read as a key beside `...`)', () => {
    const cut = "unexpected key in source state_dict: backbone.bn1.indices_8, backbone.bn1.batch_norm_[8].weight, ..., backbone.layer1.0.bn2.indices_8, backbone.layer1.0.conv3.filter, b";
    const r = parseErrorText(cut, 'e.txt');
    expect(r.unexpected).not.toContain('b');
    expect(r.unexpected.length).toBe(4);
    expect(r.truncated).toBe(true);
    // a list that ends with its elision has no last key at the text's end to check: every key shown stays
    const tail = parseErrorText('unexpected key in source state_dict: backbone.a.weight, backbone.b.weight, backbone.c.qq, ...', 'e.txt');
    expect(tail.unexpected).toEqual(['backbone.a.weight', 'backbone.b.weight', 'backbone.c.qq']);
  });
});
