import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

/**
 * diff and plan on one pair say one thing (review 22), with `diff --help`'s exit codes as the contract
 * (0: load_state_dict(strict=True) would succeed). F8: a source lacking only BatchNorm counters BatchNorm fills in
 * printed "strict=True succeeds" and exited 1, where plan exits 0. F5: another model's checkpoint got a `fix:`
 * line (plan, then apply: the other model's weights written unchanged) where plan says no key transform helps.
 */
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-diff-plan-agree-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MODEL: Record<string, number[]> = {
  'conv.weight': [4, 3, 3, 3], 'bn.weight': [4], 'bn.bias': [4], 'bn.running_mean': [4], 'bn.running_var': [4], 'bn.num_batches_tracked': [],
  'fc.weight': [5, 4], 'fc.bias': [5],
};

function manifest(name: string, keys: Record<string, number[]>): string {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(keys));
  return file;
}

describe('diff and plan agree (review 22 F5, F8)', () => {
  it('F8: only a BatchNorm counter BatchNorm fills in is missing: both exit 0, diff saying strict=True succeeds', async () => {
    const model = manifest('model.json', MODEL);
    const source = manifest('no-counter.json', Object.fromEntries(Object.entries(MODEL).filter(([k]) => !k.endsWith('num_batches_tracked'))));
    const d = await runCli(['diff', source, model]);
    expect(d.stdout.split('\n')[0]).toMatch(/load_state_dict\(strict=True\) succeeds$/);
    expect(d.code).toBe(0);
    expect((await runCli(['plan', source, model])).code).toBe(0);
  });

  it('F5: another model\'s checkpoint: diff prints no fix line, as plan says no key transform makes it load', async () => {
    const model = manifest('model2.json', MODEL);
    const ckpt = join(repoRoot, 'fixtures', 'training', 'ddp.pt');
    const p = await runCli(['plan', ckpt, model]);
    expect(p.code).toBe(1);
    expect(p.stdout.split('\n')[0]).toMatch(/^no key transform makes this checkpoint load/);
    const d = await runCli(['diff', ckpt, model]);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/probably for another model/);
    expect(d.stdout).not.toMatch(/^fix: /m);
  });
});
