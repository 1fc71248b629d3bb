import { describe, expect, it } from 'vitest';
import { formatIndexSet, groupKeys, groupRenames, renderGroups } from '../../src/analysis/group.js';

function llamaKeys(layers: number): string[] {
  const out = ['model.embed_tokens.weight'];
  for (let i = 0; i < layers; i++) {
    for (const p of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) out.push(`model.layers.${i}.self_attn.${p}.weight`);
    for (const p of ['gate_proj', 'up_proj', 'down_proj']) out.push(`model.layers.${i}.mlp.${p}.weight`);
    out.push(`model.layers.${i}.input_layernorm.weight`, `model.layers.${i}.post_attention_layernorm.weight`);
  }
  out.push('model.norm.weight', 'lm_head.weight');
  return out;
}

describe('formatIndexSet', () => {
  it('collapses runs and keeps gaps', () => {
    expect(formatIndexSet([0, 1, 2, 3, 5, 7, 8, 9])).toBe('{0..3,5,7..9}');
    expect(formatIndexSet([3, 1, 2, 0])).toBe('{0..3}');
    expect(formatIndexSet([4, 5])).toBe('{4,5}');
    expect(formatIndexSet([7])).toBe('7');
  });
});

describe('groupKeys', () => {
  it('collapses numeric runs per template, keeping first-appearance order', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `layers.${i}.attn.qkv.weight`);
    expect(groupKeys(keys)).toEqual([{ pattern: 'layers.{0..11}.attn.qkv.weight', module: 'layers', keys }]);
  });

  it('collapses a Llama state dict into a few exact lines', () => {
    const keys = llamaKeys(32);
    const groups = groupKeys(keys);
    expect(groups.map((g) => g.pattern)).toEqual([
      'model.embed_tokens.weight',
      'model.layers.{0..31}.self_attn.{q_proj,k_proj,v_proj,o_proj}.weight',
      'model.layers.{0..31}.mlp.{gate_proj,up_proj,down_proj}.weight',
      'model.layers.{0..31}.{input_layernorm,post_attention_layernorm}.weight',
      'model.norm.weight',
      'lm_head.weight',
    ]);
    expect(groups.reduce((n, g) => n + g.keys.length, 0)).toBe(keys.length);
    expect(groups[1]!.keys).toHaveLength(128);
    expect(groups[5]!.module).toBe('lm_head');
  });

  it('merges BatchNorm leaves and keeps gaps exact (ResNet missing keys)', () => {
    const keys = [0, 1, 2, 4].flatMap((b) => ['weight', 'bias', 'running_mean', 'running_var'].map((l) => `layer3.${b}.bn2.${l}`));
    expect(groupKeys(keys).map((g) => g.pattern)).toEqual(['layer3.{0..2,4}.bn2.{weight,bias,running_mean,running_var}']);
  });

  it('splits index tuples that are not a cross product into exact patterns', () => {
    // DenseNet/EfficientNet style: blocks.{stage}.{block} with different block counts per stage
    const keys = [
      ...[0].map((b) => `blocks.0.${b}.conv.weight`),
      ...[0, 1].map((b) => `blocks.1.${b}.conv.weight`),
      ...[0, 1].map((b) => `blocks.2.${b}.conv.weight`),
      ...[0, 1, 2].map((b) => `blocks.3.${b}.conv.weight`),
    ];
    const groups = groupKeys(keys);
    expect(groups.map((g) => g.pattern)).toEqual(['blocks.0.0.conv.weight', 'blocks.{1,2}.{0,1}.conv.weight', 'blocks.3.{0..2}.conv.weight']);
    expect(groups.flatMap((g) => g.keys).sort()).toEqual([...keys].sort());
  });

  it('collapses numbers inside names too: encoder_layer_{0..11}, x_{0..3}_{0..3}, fc{1,2}', () => {
    const layers = Array.from({ length: 12 }, (_, i) => `encoder.encoder_layer_${i}.mlp.weight`);
    expect(groupKeys(layers).map((g) => g.pattern)).toEqual(['encoder.encoder_layer_{0..11}.mlp.weight']);
    const grid = [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => `x_${i}_${j}.weight`));
    expect(groupKeys(grid)).toEqual([{ pattern: 'x_{0..3}_{0..3}.weight', module: 'x_0_0', keys: grid }]);
    // DenseNet: numbered blocks, layers and norms inside names, whole-segment indices beside them
    const dense = [1, 2].flatMap((l) => [1, 2].map((n) => `features.denseblock1.denselayer${l}.norm${n}.num_batches_tracked`));
    expect(groupKeys(dense).map((g) => g.pattern)).toEqual(['features.denseblock1.denselayer{1,2}.norm{1,2}.num_batches_tracked']);
    expect(groupKeys(['blocks.0.fc1.weight', 'blocks.0.fc2.weight', 'blocks.1.fc1.weight', 'blocks.1.fc2.weight']).map((g) => g.pattern)).toEqual(['blocks.{0,1}.fc{1,2}.weight']);
  });

  it('leaves numbers that would not print back as they were: leading zeros, 10 digits, one key alone', () => {
    expect(groupKeys(['block_01.w', 'block_02.w']).map((g) => g.pattern)).toEqual(['{block_01,block_02}.w']);
    expect(groupKeys(['id1234567890.w', 'id1234567891.w']).map((g) => g.pattern)).toEqual(['{id1234567890,id1234567891}.w']);
    expect(groupKeys(['conv3x3.weight']).map((g) => g.pattern)).toEqual(['conv3x3.weight']);
    // the same number in every key prints as it is
    expect(groupKeys(['conv3x3.weight', 'conv3x3.bias']).map((g) => g.pattern)).toEqual(['conv3x3.{weight,bias}']);
  });

  it('keeps keys without indices as they are and drops duplicates', () => {
    expect(groupKeys(['cls_token', 'pos_embed', 'cls_token']).map((g) => g.pattern)).toEqual(['cls_token', 'pos_embed']);
  });

  it('is deterministic and fast on 100,000 keys', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `model.layers.${i >> 3}.experts.${i & 7}.w1.weight`);
    const a = groupKeys(keys);
    expect(a.map((g) => g.pattern)).toEqual(['model.layers.{0..12499}.experts.{0..7}.w1.weight']);
    expect(groupKeys(keys)).toEqual(a);
  });
});

describe('groupRenames', () => {
  it('groups renames by the template that produced them, numbers on both sides in the same slots', () => {
    const renames = Array.from({ length: 12 }, (_, i) => [
      { from: `blocks.${i}.attn.q.weight`, to: `layers.${i}.self_attn.q_proj.weight` },
      { from: `blocks.${i}.attn.k.weight`, to: `layers.${i}.self_attn.k_proj.weight` },
    ]).flat();
    const groups = groupRenames(renames);
    expect(groups.map((g) => `${g.from} → ${g.to} (${g.renames.length})`)).toEqual([
      'blocks.{0..11}.attn.q.weight → layers.{0..11}.self_attn.q_proj.weight (12)',
      'blocks.{0..11}.attn.k.weight → layers.{0..11}.self_attn.k_proj.weight (12)',
    ]);
    expect(groups.flatMap((g) => g.renames)).toHaveLength(24);
  });

  it('merges a leaf both sides share: q.{weight,bias} → query.{weight,bias}', () => {
    const renames = [0, 1].flatMap((i) => ['weight', 'bias'].map((leaf) => ({ from: `layer.${i}.attn.q.${leaf}`, to: `blocks.${i}.attention.query.${leaf}` })));
    const groups = groupRenames(renames);
    expect(groups.map((g) => `${g.from} → ${g.to} (${g.renames.length})`)).toEqual(['layer.{0,1}.attn.q.{weight,bias} → blocks.{0,1}.attention.query.{weight,bias} (4)']);
    // a leaf that changes is a rename of its own
    expect(groupRenames([{ from: 'a.gamma', to: 'b.weight' }, { from: 'a.beta', to: 'b.bias' }]).map((g) => g.from)).toEqual(['a.gamma', 'a.beta']);
  });

  it('collapses numbers inside names (DenseNet norm.1 → norm1)', () => {
    const dense = [1, 2].map((l) => ({ from: `denseblock1.denselayer${l}.norm.1.weight`, to: `denseblock1.denselayer${l}.norm1.weight` }));
    expect(groupRenames(dense).map((g) => `${g.from} → ${g.to}`)).toEqual(['denseblock1.denselayer{1,2}.norm.1.weight → denseblock1.denselayer{1,2}.norm1.weight']);
  });

  it('groups a renumbering by its offset (blocks.{i} → layers.{i-1}), slot sets corresponding in order', () => {
    const shifted = [1, 2, 3, 4].map((i) => ({ from: `blocks.${i}.w`, to: `layers.${i - 1}.w` }));
    expect(groupRenames(shifted).map((g) => `${g.from} → ${g.to} (${g.renames.length})`)).toEqual(['blocks.{1..4}.w → layers.{0..3}.w (4)']);
    // two slots, each with its own offset (a stage re-based, a block index kept)
    const twoSlots = [0, 1].flatMap((s) => [0, 1, 2].map((b) => ({ from: `stages.${s + 1}.${b}.conv`, to: `layers.${s}.blocks.${b}.conv` })));
    expect(groupRenames(twoSlots).map((g) => `${g.from} → ${g.to}`)).toEqual(['stages.{1,2}.{0..2}.conv → layers.{0,1}.blocks.{0..2}.conv']);
  });

  it('keeps apart renames whose offsets differ, and regroupings that are not an offset', () => {
    const mixed = [{ from: 'blocks.1.w', to: 'layers.0.w' }, { from: 'blocks.2.w', to: 'layers.2.w' }];
    expect(groupRenames(mixed).map((g) => `${g.from} → ${g.to}`)).toEqual(['blocks.1.w → layers.0.w', 'blocks.2.w → layers.2.w']);
    // blocks.{i} → stages.{i // 2}.{i % 2}: another count of numbers, each stands alone
    const regroup = [0, 1, 2, 3].map((i) => ({ from: `blocks.${i}.w`, to: `stages.${Math.floor(i / 2)}.${i % 2}.w` }));
    expect(groupRenames(regroup)).toHaveLength(4);
  });
});

describe('renderGroups', () => {
  it('renders lines with counts and a summary past the limit', () => {
    const groups = groupKeys(llamaKeys(2));
    expect(renderGroups(groups, { counts: true, maxLines: 3 })).toEqual([
      'model.embed_tokens.weight',
      'model.layers.{0,1}.self_attn.{q_proj,k_proj,v_proj,o_proj}.weight  (8 keys)',
      '… and 12 more keys in 4 more lines',
    ]);
    expect(renderGroups(groups)).toHaveLength(6);
  });
});
