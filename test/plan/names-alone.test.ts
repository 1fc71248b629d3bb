import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 17 F3: a flat `blocks.{0..3}` regrouped into `stages.{0,1}.blocks.{0,1}`. From the error text the
 * names pair nothing; the model's manifest finds the regrouping exactly. So explain never says "no key
 * transform makes this checkpoint load" nor "another model" from names alone: it says the names show none
 * and gives `sdmatch plan CHECKPOINT MODEL`.
 */

const keys = (f: (i: number) => string) => [0, 1, 2, 3].flatMap((i) => [`${f(i)}.weight`, `${f(i)}.bias`]);
const quoted = (ks: string[]) => ks.map((k) => `"${k}"`).join(', ');
const TEXT = `RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: ${quoted(keys((i) => `stages.${i >> 1}.blocks.${i & 1}.fc`))}. \n\tUnexpected key(s) in state_dict: ${quoted(keys((i) => `blocks.${i}.fc`))}. `;

describe('explain ERROR.txt: names that pair nothing are no proof of another model (review 17 F3)', () => {
  it('says the names show no transform and how to ask with the model, never "makes this checkpoint load" or "another model"', async () => {
    const r = await runCli(['explain', '-'], { stdin: TEXT });
    expect(r.code).toBe(1);
    const first = r.stdout.split('\n')[0]!;
    expect(first).not.toMatch(/makes this checkpoint load/);
    expect(first).toMatch(/sdmatch plan CHECKPOINT MODEL/);
    expect(r.stdout).not.toMatch(/another model/);
    expect(r.stdout).toMatch(/the names alone show no transform: a regrouping/);
  });
});
