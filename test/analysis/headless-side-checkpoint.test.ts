import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { sideByCheckpoint } from '../../src/analysis/headless-side.js';

// the end of a list whose heading the paste cut (bowang-lab/MedSAM#272's shape, shortened)
const HEADLESS = 'image_encoder.layers.2.blocks.4.mlp.fc2.bias", "image_encoder.layers.2.blocks.5.attn.qkv.weight", "image_encoder.layers.2.blocks.5.attn.qkv.bias", "image_encoder.layers.2.downsample.conv1.c.weight"';

describe('sideByCheckpoint: the checkpoint given sides a headless list', () => {
  const report = parseErrorText(HEADLESS, 'p');
  const keys = report.unsided ?? [];

  it('reads the paste as headless', () => {
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(report.missing.length + report.unexpected.length).toBe(0);
  });

  it('all held: unexpected; none held: missing; some held: left unsided, and said', () => {
    const all = sideByCheckpoint(report, new Set(keys));
    expect(all.unexpected).toEqual(keys);
    expect(all.unsided).toBeUndefined();
    const none = sideByCheckpoint(report, new Set(['other.weight']));
    expect(none.missing).toEqual(keys);
    const some = sideByCheckpoint(report, new Set([keys[0]!]));
    expect(some.unsided).toEqual(keys);
    expect(some.missing.length + some.unexpected.length).toBe(0);
    expect(some.notes.join('\n')).toMatch(/holds 1 of the \d+ key\(s\)/);
  });

  it('a text that names a side is left as it is', () => {
    const sided = parseErrorText(`Missing key(s) in state_dict: "${HEADLESS}.`, 'p');
    expect(sideByCheckpoint(sided, new Set())).toBe(sided);
  });
});
