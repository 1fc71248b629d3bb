import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tempDir } from '../helpers/torch.js';
import { python, ROOT, torchMissing } from './python.js';

/**
 * The one real torch.distributed.checkpoint directory found committed in a public repository
 * (fixtures/third_party/lightning-dcp: Lightning-AI/pytorch-lightning @ 0f916ea, written by torch 2.0 in an
 * FSDP test): read, consolidated by `sdmatch apply`, loaded strict=True by real torch into the model it came
 * from, and compared bit for bit with an independent reassembly (fixtures/third_party/reassemble_dcp.py:
 * torch.load of every chunk's byte range, placed at its offsets).
 */

const dir = join(ROOT, 'fixtures', 'third_party', 'lightning-dcp');
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('dcp-real');
});
afterAll(() => tmp?.cleanup());

describe.skipIf(torchMissing !== null)('a real DCP checkpoint (Lightning, torch 2.0)', () => {
  it('is read as torch wrote it: 4 row-split tensors in 8 chunks over 2 ranks and an optimizer bytes item', async () => {
    const r = await runCli(['inspect', dir, '-v']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/4 tensor\(s\) in 8 chunk\(s\), 1 bytes item\(s\), 2 data file\(s\)/);
    expect(r.stdout).toMatch(/safe: \d+ globals/);
    expect(r.stdout).toMatch(/0\.weight\s+float32\s+\[32, 32\].*2: \[0:16, 0:32\] __0_0\.distcp · \[16:32, 0:32\] __1_0\.distcp/);
  });

  for (const [out, args] of [['real.pt', []], ['real.safetensors', ['--format', 'safetensors']]] as const) {
    it(`consolidated to ${out}: loads strict=True into its model, every tensor bit-equal to torch's own reassembly`, async () => {
      const manifest = join(tmp.dir, 'manifest.json');
      expect((await runCli(['manifest', dir, '-o', manifest])).code).toBe(0);
      const plan = join(tmp.dir, `${out}.plan.json`);
      expect((await runCli(['plan', dir, manifest, '-o', plan])).code).toBe(0);
      const dest = join(tmp.dir, out);
      const a = await runCli(['apply', dir, plan, '-o', dest, ...args]);
      expect(a.code, a.stderr).toBe(0);
      expect(existsSync(dest)).toBe(true);
      const v = python(['python/verify_load.py', dest, '--module', 'fixtures.dcp:lightning_model', '--require-weights-only']);
      expect(v.stderr).toBe('');
      expect(JSON.parse(v.stdout.trim())).toMatchObject({ ok: true, strict: true, weights_only: true });
      if (out.endsWith('.pt')) {
        const c = python(['fixtures/third_party/reassemble_dcp.py', dir, 'layout_2_0', 'model.', dest]);
        expect(c.stderr).toBe('');
        expect(JSON.parse(c.stdout.trim())).toEqual({ tensors: 4, differ: [], extra: [] });
      }
    });
  }
});
