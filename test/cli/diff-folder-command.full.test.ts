import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { oneFileLine, quotedFolder } from '../helpers/folder-command.js';
import { runCli } from './capture-main.js';

/**
 * The plan + apply line of a DeepSpeed folder's `nested` finding (report/diff-diagnosis.ts), run literally by sh
 * with this checkout's sdmatch on PATH, from a folder whose name has a space and a quote: it writes the state dict
 * compared as one file, whose keys and shapes diff then finds the same as the model's. Before, the line was printed bare: sh split
 * the path, plan refused it (exit 2) and nothing was written.
 */
describe('diff on a DeepSpeed folder: the printed one-file line, run in sh, writes the state dict', () => {
  it('a folder named with a space and a quote', async () => {
    const { dir, ref } = quotedFolder();
    const cmd = oneFileLine((await runCli(['diff', dir, ref, '--no-color'])).stdout);
    expect(cmd).toBeDefined();
    const cwd = mkdtempSync(join(tmpdir(), 'sdmatch-folder-run-'));
    const bin = join(cwd, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'sdmatch'), `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'bin', 'sdmatch.js')}" "$@"\n`);
    chmodSync(join(bin, 'sdmatch'), 0o755);
    execFileSync('sh', ['-c', cmd!], { cwd, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' }, stdio: 'pipe' });
    expect(existsSync(join(cwd, 'merged.safetensors'))).toBe(true);
    // the folder's fp32 weights against the fp16 reference: the same keys and shapes, dtype alone differs (a load casts)
    const same = JSON.parse((await runCli(['diff', join(cwd, 'merged.safetensors'), ref, '--json'])).stdout) as { missing: string[]; unexpected: string[]; shapeMismatch: unknown[]; matched: string[] };
    expect([same.missing, same.unexpected, same.shapeMismatch]).toEqual([[], [], []]);
    expect(same.matched.length).toBeGreaterThan(0);
  }, 120_000);
});
