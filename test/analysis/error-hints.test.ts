import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

/**
 * What an error text alone says about its keys (src/analysis/error-hints.ts), on texts as people paste
 * them: selections that lose the closing full stop, lists cut inside a key.
 */

describe('an unexpected list cut at its end, with no missing list before it', () => {
  // torch prints "Missing key(s)" before "Unexpected key(s)": a heading followed at once by the
  // unexpected list says the model lacked nothing, so a cut can only hide more unexpected keys
  const HEADLESS = 'RuntimeError: Error(s) in loading state_dict for PoolFormer: Unexpected key(s) in state_dict: "head.weight", "head.bias"';

  it('the parser says the model lacked nothing although the list lost its full stop', () => {
    const r = parseErrorText(HEADLESS, 'e.txt');
    expect(r.truncated).toBe(true);
    expect(r.nothingMissing).toBe(true);
  });

  it('a missing list before the unexpected one: not known to be empty', () => {
    const r = parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc.weight".\n\tUnexpected key(s) in state_dict: "head.weight", "head.bi', 'e.txt');
    expect(r.nothingMissing).toBeUndefined();
  });

  it('the keys it shows are dropped (a head the feature model does not build)', () => {
    const h = errorHints(parseErrorText(HEADLESS, 'e.txt'));
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toEqual(['head.weight', 'head.bias']);
  });

  it('explain drops them and says the text was cut, without promising a strict load', async () => {
    const r = await runCli(['explain', '-'], { stdin: HEADLESS });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/every key the text shows, but the text was cut short/);
    expect(r.stdout).not.toMatch(/strict\s*=\s*False/);
  });

  it('a list cut inside numbered blocks goes on through every block: another version of the code, never a drop', () => {
    // a bidirectional Mamba checkpoint loaded by a unidirectional mixer (the `_b` parameters in every layer)
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for VisionMamba:\n\tUnexpected key(s) in state_dict: "layers.0.mixer.A_b_log", "layers.0.mixer.D_b", "layers.0.mixer.conv1d_b.weight", "layers.0.mixer.conv1d_b.bias", "layers.0.mixer.x_pr', 'e.txt'));
    expect(h.drops).toEqual([]);
    expect(h.blockers.map((b) => b.code)).toEqual(['code_version']);
    expect(h.blockers[0]!.message).toMatch(/list was cut/);
  });
});

describe('diffusers quotes the model class', () => {
  it('the unused-weights warning with `"UNet2DConditionModel"` is read as a whole list', () => {
    const r = parseErrorText('Some weights of the model checkpoint were not used when initializing "UNet2DConditionModel": \n [\'conv_norm_out.weight, conv_norm_out.bias, conv_out.weight, conv_out.bias\']', 'e.txt');
    expect(r.modelName).toBe('UNet2DConditionModel');
    expect(r.families).toContain('diffusers');
    expect(r.unexpected).toEqual(['conv_norm_out.weight', 'conv_norm_out.bias', 'conv_out.weight', 'conv_out.bias']);
    expect(r.truncated).toBe(false);
  });
});
