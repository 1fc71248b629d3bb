import { describe, expect, it } from 'vitest';
import { overStrippedFrom } from '../../src/analysis/key-roles.js';
import { runCli } from '../cli/capture-main.js';

const LEAVES = ['conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'fc.weight', 'fc.bias'];

/** torch's error after `{k[7:]: v …}` on Lightning + DataParallel keys `model.module.…` (review24 F12). */
const TEXT = `RuntimeError: Error(s) in loading state_dict for ResNet:\n\tMissing key(s) in state_dict: ${LEAVES.map((k) => `"${k}"`).join(', ')}. \n\tUnexpected key(s) in state_dict: ${LEAVES.map((k) => `"odule.${k}"`).join(', ')}. \n`;

describe('a prefix cut inside a whole one (review24 F12)', () => {
  it('`odule.` is the tail of `module.`; a whole prefix, a short name or a cut at a dot is not', () => {
    expect(overStrippedFrom('odule.')).toBe('module.');
    expect(overStrippedFrom('_mod.')).toBe('_orig_mod.');
    expect(overStrippedFrom('module.')).toBeNull();
    expect(overStrippedFrom('dule.')).toBe('module.');
    expect(overStrippedFrom('ule.')).toBeNull();
    expect(overStrippedFrom('le.')).toBeNull();
    expect(overStrippedFrom('backbone.')).toBeNull();
    // `module.` is a whole segment of `module.module.`: a wrapper applied once, not a cut
    expect(overStrippedFrom('encoder.')).toBeNull();
  });

  it('explain names the over-strip beside the strip, and the fix stays the strip', async () => {
    const r = await runCli(['explain', '-'], { stdin: TEXT });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('an extra `odule.` prefix (the tail of `module.`');
    expect(r.stdout).toContain('`k[7:]` on Lightning\'s `model.module.` keys');
    expect(r.stdout).toContain("k.startswith('odule.')");
  });
});
