import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticTorchZip } from '../../bench/gen/torch-zip.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * A key of 5,000 dotted segments (torch.save writes whatever keys a module tree produces) through
 * every command that splits, groups, matches or draws keys: no stack overflow, no internal error, and
 * output that grows with the key, not with its square.
 */
const DEEP = Array.from({ length: 5000 }, (_, i) => `s${i}`).join('.');
const NUMERIC = Array.from({ length: 5000 }, (_, i) => String(i % 10)).join('.');
let tmp: { dir: string; cleanup: () => void };
let ckpt: string;
let wrapped: string;
let error: string;

beforeAll(() => {
  tmp = tempDir('deep-keys');
  const keys = [`${DEEP}.weight`, `${DEEP}.bias`, `${NUMERIC}.w`, 'a.b'];
  ckpt = join(tmp.dir, 'deep.pt');
  writeSyntheticTorchZip(ckpt, keys.map((key) => ({ key, shape: [2] })));
  wrapped = join(tmp.dir, 'wrapped.pt');
  writeSyntheticTorchZip(wrapped, keys.map((key) => ({ key: `module.${key}`, shape: [2] })));
  error = join(tmp.dir, 'error.txt');
  writeFileSync(error, `RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}. \n\tUnexpected key(s) in state_dict: ${keys.map((k) => `"module.${k}"`).join(', ')}. \n`);
});
afterAll(() => tmp?.cleanup());

describe('keys of thousands of segments', () => {
  it('inspect (table, tree, JSON), manifest, diff, plan and explain all answer', async () => {
    const runs: [string[], number[]][] = [
      [['inspect', ckpt], [0]],
      [['inspect', ckpt, '--tree'], [0]],
      [['inspect', ckpt, '--json'], [0]],
      [['manifest', ckpt], [0]],
      [['diff', wrapped, ckpt], [1]],
      [['diff', wrapped, ckpt, '--no-group'], [1]],
      [['diff', wrapped, ckpt, '--json'], [1]],
      [['plan', wrapped, ckpt], [0]],
      [['plan', wrapped, ckpt, '--emit', 'python'], [0]],
      [['explain', error], [0, 1]],
      [['explain', error, wrapped], [0, 1, 2]],
    ];
    for (const [args, codes] of runs) {
      const r = await runCli(args);
      expect(codes, `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
      // the key appears a bounded number of times, not once per segment
      expect(r.stdout.length, args.join(' ')).toBeLessThan(40 * (DEEP.length + NUMERIC.length));
    }
  });

  it('the plan strips module. from the deep keys', async () => {
    const r = await runCli(['plan', wrapped, ckpt, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"strip_prefix"');
  });
});
