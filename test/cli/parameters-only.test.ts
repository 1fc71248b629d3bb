import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './capture-main.js';

/**
 * s23-verify F6: `for n, p in model.named_parameters(): print(n, p.shape)` (no buffers) was read as the whole model: the
 * plan dropped the checkpoint's BatchNorm statistics and offered `--drop '^bn\.'`, which drops `bn.weight` too. The
 * plan names the print as parameters-only, and its --drop matches the statistics alone.
 */
const dir = mkdtempSync(join(tmpdir(), 'sdmatch-params-only-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const PARAMS = 'conv.weight torch.Size([8, 3, 3, 3])\nconv.bias torch.Size([8])\nbn.weight torch.Size([8])\nbn.bias torch.Size([8])\nfc.weight torch.Size([4, 8])\nfc.bias torch.Size([4])\n';
const STATE = PARAMS + 'bn.running_mean torch.Size([8])\nbn.running_var torch.Size([8])\nbn.num_batches_tracked torch.Size([])\n';

describe('a named_parameters() print beside a checkpoint with BatchNorm statistics', () => {
  it('is said to be a parameters-only print; the --drop offered keeps bn.weight and bn.bias', async () => {
    const r = await runCli(['plan', write('state.txt', STATE), write('params.txt', PARAMS), '-o', join(dir, 'p.json')]);
    expect(r.stdout).toMatch(/params\.txt holds the weight and bias of `bn` but none of the running statistics.*named_parameters\(\).*print model\.state_dict\(\)/);
    const accept = /--drop '([^']+)'/.exec(r.stdout)![1]!;
    expect(new RegExp(accept).test('bn.running_mean')).toBe(true);
    expect(new RegExp(accept).test('bn.weight')).toBe(false);
  });

  it('the whole state dict printed: nothing said', async () => {
    const r = await runCli(['plan', write('state2.txt', STATE), write('full.txt', STATE), '-o', join(dir, 'q.json')]);
    expect(r.stdout).not.toMatch(/named_parameters/);
  });
});
