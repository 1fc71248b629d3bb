import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zeroSafetensors } from '../helpers/json-mutants.js';
import { runCli } from './capture-main.js';

/**
 * Review24 F13: a DataParallel checkpoint whose head is ImageNet-1k's, with torch's names-only error. The
 * text alone gives a one-line fix; with the checkpoint, explain led with ~900 characters about the head. The
 * first line is short and names the fix; the head's account (what is unknown, how to check) is a finding.
 * The exit stays 1: the error gives no model shape for the head, so the load is not shown (plan and apply
 * say the same of the same plan, report/dataset-head.ts).
 */
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-head-verdict-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TENSORS: [string, number[]][] = [['conv1.weight', [8, 3, 3, 3]], ['bn1.weight', [8]], ['bn1.bias', [8]], ['fc.weight', [1000, 8]], ['fc.bias', [1000]]];

const checkpoint = () => zeroSafetensors(join(tmp, 'ckpt.safetensors'), TENSORS.map(([k, shape]) => [`module.${k}`, shape] as const));

const ERROR = `RuntimeError: Error(s) in loading state_dict for ResNet:\n\tMissing key(s) in state_dict: ${TENSORS.map(([k]) => `"${k}"`).join(', ')}. \n\tUnexpected key(s) in state_dict: ${TENSORS.map(([k]) => `"module.${k}"`).join(', ')}. \n`;

describe('explain CHECKPOINT ERROR on a DataParallel checkpoint with an ImageNet-1k head (review24 F13)', () => {
  it('the first line is short and names the strip; the head account is a finding below; exit 1 as before', async () => {
    const err = join(tmp, 'err.txt');
    writeFileSync(err, ERROR);
    const r = await runCli(['explain', checkpoint(), err, '--no-color']);
    expect(r.code, r.stdout).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]!.length).toBeLessThan(260);
    expect(lines[0]).toMatch(/^not shown to load with strict=True: stripping `module\.` accounts for every key the error names, but the checkpoint's head `fc` has 1000 outputs, ImageNet-1k's classes/);
    const finding = lines.findIndex((l) => l.includes("compare `model.state_dict()['fc.weight'].shape`"));
    expect(finding).toBeGreaterThan(0);
    expect(lines.findIndex((l) => l.includes('an extra `module.` prefix'))).toBeLessThan(finding);
    expect(r.stdout).toMatch(/^fix: state_dict = \{\(k\[7:\] if k\.startswith\('module\.'\) else k\)/m);
  });
});
