import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the Python helpers with Debian's torch 1.13 (`/usr/bin/python3`, not the first python3 on PATH).
 * Torch-dependent suites skip when torch is missing, unless SDMATCH_REQUIRE_TORCH=1 makes that a failure.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PYTHON = process.env.SDMATCH_PYTHON ?? '/usr/bin/python3';
export const REQUIRE_TORCH = process.env.SDMATCH_REQUIRE_TORCH === '1';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function python(args: string[]): Run {
  const r = spawnSync(PYTHON, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: ROOT, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

function probeTorch(): string | null {
  const r = python(['-c', 'import torch; print(torch.__version__)']);
  return r.status === 0 ? null : `torch is not importable by ${PYTHON}: ${(r.stderr || 'not found').trim().split('\n').pop()}`;
}

/** null when torch is usable, else why not. */
export const torchMissing = probeTorch();
