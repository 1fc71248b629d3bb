import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../../src/checkpoint/open.js';
import { ROOT } from '../../python/python.js';
import { runCli } from '../../cli/capture-main.js';
import { buildZip } from '../../formats/zip/build-zip.js';

/**
 * Review 19 F2: a folder checkpoint's verdict covers every pickle its framework's loader unpickles on
 * resume, not only the files the weights come from — DeepSpeed's universal optimizer files
 * (load_hp_checkpoint_state torch.loads every `zero/<param>/*.pt`, and zero/optimizer_state.pt), the
 * optimizer partitions of a pipeline save, Megatron's distrib_optim.pt. Each hostile file is a torch.save
 * zip whose data.pkl reduces posix.system (what torch.save of an object with such a __reduce__ writes).
 */

const fx = (rel: string) => join(ROOT, 'fixtures', rel);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-loader-files-'));
const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
/** torch.save({'hook': Evil()}) as far as a scanner sees it: posix.system('x') in archive/data.pkl */
const EVIL_PT = buildZip([{ name: 'evil/data.pkl', data: enc('\x80\x02cposix\nsystem\nX\x01\x00\x00\x00x\x85R.') }]);

/** A copy of a fixture folder with `rel` replaced by the hostile pickle; returns the copy's path. */
function hostile(fixture: string, rel: string, name: string): string {
  const d = join(tmp, name);
  cpSync(fx(fixture), d, { recursive: true });
  writeFileSync(join(d, rel), EVIL_PT);
  return d;
}

async function expectDangerous(path: string, file: string): Promise<void> {
  const r = await runCli(['inspect', path]);
  expect(r.code, `${path}\n${r.stdout}\n${r.stderr}`).toBe(2);
  expect(r.stdout).toMatch(/safety\s+dangerous/);
  expect(r.stdout + r.stderr).toContain(file);
  expect(r.stdout + r.stderr).toMatch(/posix\.system/);
}

describe('a folder is safe only when every pickle its loader opens was scanned', () => {
  const tag = 'global_step10_universal';
  it('DeepSpeed universal: zero/optimizer_state.pt and a moment file, by the folder and by the file itself', async () => {
    const opt = hostile('deepspeed/universal-zero2', `${tag}/zero/optimizer_state.pt`, 'uni-opt');
    await expectDangerous(opt, 'zero/optimizer_state.pt');
    await expectDangerous(join(opt, `${tag}/zero/optimizer_state.pt`), 'zero/optimizer_state.pt');
    const avg = hostile('deepspeed/universal-zero2', `${tag}/zero/embed.weight/exp_avg.pt`, 'uni-avg');
    await expectDangerous(avg, 'zero/embed.weight/exp_avg.pt');
    await expectDangerous(join(avg, `${tag}/zero/embed.weight/exp_avg.pt`), 'exp_avg.pt');
    // any `<key>.pt` the parameter's folder holds is torch.loaded (the loader lists the folder)
    const other = hostile('deepspeed/universal-zero2', `${tag}/zero/norm.bias/momentum.pt`, 'uni-other');
    await expectDangerous(other, 'zero/norm.bias/momentum.pt');
  });

  it('DeepSpeed pipeline save: an optimizer partition the weights do not come from', async () => {
    const d = hostile('deepspeed/pipe2', 'global_step6/zero_pp_rank_0_mp_rank_00_optim_states.pt', 'pipe-optim');
    await expectDangerous(d, 'zero_pp_rank_0_mp_rank_00_optim_states.pt');
    await expectDangerous(join(d, 'global_step6/zero_pp_rank_0_mp_rank_00_optim_states.pt'), 'zero_pp_rank_0_mp_rank_00_optim_states.pt');
  });

  it("Megatron: a rank folder's distrib_optim.pt (--use-distributed-optimizer), by the folder and by the file", async () => {
    const d = hostile('megatron/legacy-tp2-pp2', 'iter_0002000/mp_rank_01_001/distrib_optim.pt', 'meg-dist');
    await expectDangerous(d, 'mp_rank_01_001/distrib_optim.pt');
    await expectDangerous(join(d, 'iter_0002000/mp_rank_01_001/distrib_optim.pt'), 'distrib_optim.pt');
  });

  it("Megatron-Core torch_dist (a DCP directory): common.pt and a sharded object's <key>/shard_….pt", async () => {
    const common = hostile('dcp/row-sharded', 'common.pt', 'mcore-common');
    await expectDangerous(common, 'common.pt');
    const d = join(tmp, 'mcore-shard');
    cpSync(fx('dcp/row-sharded'), d, { recursive: true });
    mkdirSync(join(d, 'rng_state'));
    writeFileSync(join(d, 'rng_state/shard_0_2.pt'), EVIL_PT);
    await expectDangerous(d, 'rng_state/shard_0_2.pt');
  });

  it('a loader file sdmatch cannot read is a gap (incomplete, exit 2) naming it, and the weights still read', async () => {
    const d = join(tmp, 'uni-garbage');
    cpSync(fx('deepspeed/universal-zero2'), d, { recursive: true });
    writeFileSync(join(d, tag, 'zero/embed.weight/exp_avg_sq.pt'), enc('not a pickle at all'));
    const r = await runCli(['inspect', d]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/safety\s+incomplete/);
    expect(r.stdout + r.stderr).toContain('zero/embed.weight/exp_avg_sq.pt');
    expect(openCheckpoint(d).tensors.length).toBe(openCheckpoint(fx('deepspeed/universal-zero2')).tensors.length);
  });

  it("an untouched universal folder: its optimizer settings name DeepSpeed's classes, so the verdict is unknown (was safe)", async () => {
    const r = await runCli(['inspect', fx('deepspeed/universal-zero2')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/safety\s+unknown: .*DynamicLossScaler/);
  });
});
