import { spawnSync } from 'node:child_process';

/**
 * `--verify-torch`: after the suites, real PyTorch loads every generated checkpoint (untimed) so a
 * benchmark number is never quoted for a file torch itself would reject. Debian's torch lives at
 * /usr/bin/python3 (not the python3 first on PATH); SDMATCH_TORCH_PYTHON overrides.
 */

export const PYTHON = process.env.SDMATCH_TORCH_PYTHON ?? '/usr/bin/python3';

const LOAD = `
import sys, json, torch
sd = torch.load(sys.argv[1], weights_only=True, map_location='cpu')
print(json.dumps({'tensors': len(sd), 'first': next(iter(sd), None)}))
`;

export type TorchVerdict = { ok: true; tensors: number } | { ok: false; reason: string };

export function torchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 }).status === 0;
}

export function loadWithTorch(path: string): TorchVerdict {
  const r = spawnSync(PYTHON, ['-c', LOAD, path], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) return { ok: false, reason: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop() ?? '' };
  const out = JSON.parse(r.stdout) as { tensors: number };
  return { ok: true, tensors: out.tensors };
}
