import { describe, expect, it } from 'vitest';
import {
  commonPrefix, dotSuffixes, fillTemplate, gluedIndexAt, hasIndexAt, indexedSegment, indexSegmentAt, isIndexAt, isIndexSegment, leadingPrefix, leadingSegmentCounts, leafOf, moduleOf, splitKey, stripPrefix, templateOf,
} from '../../src/analysis/key-tokens.js';

describe('key tokens (shared with plan inference)', () => {
  it('finds whole index segments in place, left to right (not glued ones, not leading zeros)', () => {
    const k = 'stages.2.blocks.10.conv1.007.weight';
    expect(indexSegmentAt(k)).toEqual([7, 8]);
    expect(indexSegmentAt(k, 9)).toEqual([16, 18]);
    expect(indexSegmentAt(k, 19)).toBeNull();
    expect(indexSegmentAt('3')).toEqual([0, 1]);
    expect(indexSegmentAt('a.b.')).toBeNull();
    expect(indexSegmentAt('')).toBeNull();
  });

  it('splits keys and recognises index segments', () => {
    expect(splitKey('model.layers.31.self_attn.q_proj.weight')).toEqual(['model', 'layers', '31', 'self_attn', 'q_proj', 'weight']);
    expect(['0', '7', '31', '123456789'].every(isIndexSegment)).toBe(true);
    expect(['', '01', 'layer1', '1a', '1234567890', '-1'].some(isIndexSegment)).toBe(false);
  });

  it('tests a segment in place as it tests the segment itself', () => {
    const key = '0.layers.01.x1.123456789.1234567890..-1.7';
    let from = 0;
    const verdicts: boolean[] = [];
    for (const seg of key.split('.')) {
      expect(isIndexAt(key, from, from + seg.length), seg).toBe(isIndexSegment(seg));
      verdicts.push(isIndexAt(key, from, from + seg.length));
      from += seg.length + 1;
    }
    expect(verdicts).toEqual([true, false, false, false, true, false, false, false, true]);
  });

  it('templates keys and fills them back', () => {
    expect(templateOf('model.layers.31.self_attn.q_proj.weight')).toEqual({ template: 'model.layers.{}.self_attn.q_proj.weight', indices: [31] });
    expect(templateOf('features.denseblock1.denselayer2.conv1.weight')).toEqual({ template: 'features.denseblock1.denselayer2.conv1.weight', indices: [] });
    expect(templateOf('blocks.2.0.conv.weight')).toEqual({ template: 'blocks.{}.{}.conv.weight', indices: [2, 0] });
    expect(fillTemplate('blocks.{}.{}.conv.weight', [2, 0])).toBe('blocks.2.0.conv.weight');
  });

  it('finds module, leaf and leading prefixes', () => {
    expect(moduleOf('layer1.0.bn1.running_mean')).toBe('layer1.0.bn1');
    expect(leafOf('layer1.0.bn1.running_mean')).toBe('running_mean');
    expect(moduleOf('cls_token')).toBe('');
    expect(leadingPrefix('module.encoder.layer.0.weight', 2)).toBe('module.encoder.');
    expect(leadingPrefix('weight', 1)).toBeNull();
    expect(stripPrefix('_orig_mod.fc.weight', '_orig_mod.')).toBe('fc.weight');
    expect(stripPrefix('fc.weight', 'module.')).toBeNull();
    expect(dotSuffixes('a.b.c')).toEqual(['b.c', 'c']);
  });

  it('finds the dot-aligned common prefix', () => {
    expect(commonPrefix(['module.conv1.weight', 'module.bn1.bias', 'module.fc.weight'])).toBe('module.');
    expect(commonPrefix(['model.backbone.a.weight', 'model.backbone.b.weight'])).toBe('model.backbone.');
    expect(commonPrefix(['module.x', 'modules.y'])).toBe('');
    expect(commonPrefix(['conv1.weight', 'conv2.weight'])).toBe('');
    expect(commonPrefix(['.a.b', 'x.a.b'])).toBe('');
    expect(commonPrefix(['a.b.c'])).toBe('a.b.');
    expect(commonPrefix(['a.b', 'a.'])).toBe('');
    expect(commonPrefix([])).toBe('');
  });

  it('counts leading segments', () => {
    expect([...leadingSegmentCounts(['module.a', 'module.b', 'fc.weight', 'scale'])]).toEqual([['module.', 2], ['fc.', 1]]);
  });

  it('reads an index glued to a name (pycls s1.b1, layer3, patch_embed1) and nothing else as one', () => {
    expect(['s1', 'b12', 'layer3', 'patch_embed1', 'conv2', 'block_7'].map(indexedSegment)).toEqual([
      { stem: 's', index: 1 }, { stem: 'b', index: 12 }, { stem: 'layer', index: 3 }, { stem: 'patch_embed', index: 1 }, { stem: 'conv', index: 2 }, { stem: 'block_', index: 7 },
    ]);
    expect(indexedSegment('3')).toEqual({ stem: '', index: 3 });
    // no trailing number, a leading zero (TensorFlow's block_000 is read by tfPathSegments), a stem with
    // digits or other characters, more than nine digits, a number alone
    for (const seg of ['attn', 'conv2d', 'block_000', 'b01', 'fc1x2', 'res2a1', 'x-1', '_1', 'w1234567890', '12']) expect(gluedIndexAt(seg), seg).toBe(-1);
    expect(indexedSegment('conv2d')).toEqual({ stem: 'conv2d', index: null });
    // in place on a key: the segment `b12` of `s1.b12.f` starts at 3 and its digits one later
    expect(gluedIndexAt('s1.b12.f', 3, 6)).toBe(1);
    expect([hasIndexAt('s1.b12.f', 0, 2), hasIndexAt('s1.b12.f', 7, 8), hasIndexAt('layers.3', 7, 8)]).toEqual([true, false, true]);
  });
});
