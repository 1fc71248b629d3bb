import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zeroSafetensors } from '../helpers/json-mutants.js';
import { runCli } from './capture-main.js';

/**
 * Review24 F7: a resnet34 checkpoint against resnet50's keys said "the checkpoint has no `num_batches_tracked`
 * for 17 BatchNorm layers … (a frozen norm, or track_running_stats=False)" of `bn3`, which the checkpoint lacks
 * whole. The counter finding is about norms the checkpoint has; a counter of a module it lacks goes with that
 * module's missing weights.
 */
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-counters-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bn = (m: string, counter: boolean): [string, number[], string?][] => [
  [`${m}.weight`, [8]], [`${m}.bias`, [8]], [`${m}.running_mean`, [8]], [`${m}.running_var`, [8]], ...(counter ? [[`${m}.num_batches_tracked`, [], 'I64'] as [string, number[], string]] : []),
];

describe('the counter finding names only norms the checkpoint has (review24 F7)', () => {
  it('bn3 absent from the checkpoint: not in the counter finding; bn2 present without its counter: in it', async () => {
    // bn1 with its counter (the checkpoint keeps counters), bn2 without (a frozen norm), bn3 missing whole
    const ckpt = zeroSafetensors(join(tmp, 'ckpt.safetensors'), [['conv1.weight', [8, 3, 3, 3]], ...bn('bn1', true), ['conv2.weight', [8, 8, 3, 3]], ...bn('bn2', false)]);
    const model = zeroSafetensors(join(tmp, 'model.safetensors'), [['conv1.weight', [8, 3, 3, 3]], ...bn('bn1', true), ['conv2.weight', [8, 8, 3, 3]], ...bn('bn2', true), ['conv3.weight', [8, 8, 1, 1]], ...bn('bn3', true)]);
    const r = await runCli(['plan', ckpt, model, '--json']);
    const causes = (JSON.parse(r.stdout) as { causes: { code: string; message: string }[] }).causes.filter((c) => c.code === 'num_batches_tracked');
    expect(causes).toHaveLength(1);
    expect(causes[0]!.message).toContain('for 1 BatchNorm layer (`bn2.num_batches_tracked`)');
    expect(causes[0]!.message).not.toContain('bn3');
  });
});
