import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './capture-main.js';

/**
 * Review 17 F8 (the `lightning` probe): a whole PyTorch Lightning checkpoint passed to load_state_dict, the
 * error text alone (torch 1.13's words). The plan selects `checkpoint['state_dict']` by the field's name and
 * moves no key; the keys inside are unseen (a Lightning state dict's mostly carry `model.`). The text said
 * "plan: no ops" and "after the plan: 0 missing, 0 unexpected", which read as success. It now says what the
 * plan is and that what stays after it is not known. (`fixable` stays true: the selection is the hedged fix,
 * as the diagnosis corpus labels such a case.)
 */

const TEXT = `RuntimeError: Error(s) in loading state_dict for Sequential:
\tMissing key(s) in state_dict: "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "4.weight", "4.bias". 
\tUnexpected key(s) in state_dict: "epoch", "global_step", "pytorch-lightning_version", "state_dict", "optimizer_states", "lr_schedulers". 
`;

describe('explain ERROR: a whole Lightning checkpoint passed to load_state_dict (review 17 F8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sdmatch-lightning-'));
  const file = join(dir, 'error.txt');
  writeFileSync(file, TEXT);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the plan is the selection, and that what stays after it is not known', async () => {
    const r = await runCli(['explain', file, '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/after the plan: 0 missing, 0 unexpected/);
    expect(r.stdout).not.toMatch(/^plan: no ops$/m);
    expect(r.stdout).toContain("plan: the state dict at `state_dict` (chosen by the field's name), no key ops");
    expect(r.stdout).toContain("after the plan: not known — the error shows the checkpoint's fields, not the keys inside `state_dict`");
  });
});
