import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKeySource } from '../../src/checkpoint/key-source.js';
import { tempDir } from '../helpers/torch.js';
import { ROOT } from '../python/python.js';
import { runCli } from './capture-main.js';

/**
 * Review 22 F11: `apply SRC plan.json --in-place` run twice (a new user's re-run). The second said "the plan was made
 * for another file … (pass --force to apply its ops anyway)", and --force then failed on an op that matches no key.
 * The file already holds what the plan writes: said so, exit 0 in place; with -o, nothing is written (exit 2), and
 * --force is not advised either way.
 */
const DDP = join(ROOT, 'fixtures/training/ddp.pt');
const { dir, cleanup } = tempDir('sdmatch-apply-twice-');
afterAll(cleanup);

describe('apply run again on its own output', () => {
  it('--in-place twice: the second says the file already holds the plan\'s output, exit 0, no --force', async () => {
    const src = join(dir, 'model.pt');
    copyFileSync(DDP, src);
    const plan = join(dir, 'plan.json');
    const side = openKeySource(DDP);
    if (side.kind !== 'checkpoint') throw new Error('ddp.pt is a checkpoint');
    const keys = join(dir, 'keys.txt');
    writeFileSync(keys, side.checkpoint.stateDicts[0]!.keys.map((k) => k.replace(/^module\./, '')).join('\n') + '\n');
    const made = await runCli(['plan', src, keys, '-o', plan]);
    expect(made.code, made.stdout + made.stderr).toBe(0);
    expect((await runCli(['apply', src, plan, '--in-place'])).code).toBe(0);
    const again = await runCli(['apply', src, plan, '--in-place']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already holds what the plan writes \(its keys are the plan's output keys: applied before\?\); nothing to do/);
    expect(again.stdout + again.stderr).not.toMatch(/--force/);
    const out = join(dir, 'out.pt');
    const other = await runCli(['apply', src, plan, '-o', out]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/already holds what the plan writes/);
    expect(other.stderr).not.toMatch(/--force/);
    expect(existsSync(out)).toBe(false);
  });
});
