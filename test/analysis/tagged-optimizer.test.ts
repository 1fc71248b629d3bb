import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { isBookkeepingField } from '../../src/analysis/key-roles.js';
import { probeVariant, tuningCase } from './tuning-variants.js';

/**
 * A GAN's or multi-network training's optimizer fields carry the network's tag (`g_optimizer`, `optimizer_D`,
 * StyleGAN2's `g_optim`): bookkeeping, whatever the weights field beside them is called. wyqing20/PFRec#3 (tuning19)
 * lists `state_dict`, `g_optimizer`, `d_optimizer`; diagnose-robust's select-field kind calls the weights field
 * `model_weights`, which no table names: only the optimizers say the keys are a checkpoint's fields.
 */
describe('tagged optimizer fields are bookkeeping', () => {
  it('g_optimizer, optimizer_D, g_optim, disc_optimizer; not a network or an EMA copy', () => {
    for (const k of ['g_optimizer', 'd_optimizer', 'optimizer_D', 'g_optim', 'd_optim', 'disc_optimizer']) expect(isBookkeepingField(k)).toBe(true);
    for (const k of ['g', 'g_ema', 'generator', 'optimizer_scale.weight', 'model_weights']) expect(isBookkeepingField(k)).toBe(false);
  });

  it('wyqing20/PFRec#3 with its weights field renamed: select it, beside the two optimizers', async () => {
    const c = tuningCase('cases19.json', 'wyqing20-PFRec-3');
    const text = probeVariant('select-field', c);
    expect(text).toContain('"model_weights"');
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    const out = JSON.parse(r.stdout) as { plan: { source: { select: (string | number)[] } } };
    expect(out.plan.source.select).toEqual(['model_weights']);
  });
});
