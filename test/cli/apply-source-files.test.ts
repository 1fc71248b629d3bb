import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../python/python.js';
import { runCli, type CliRun } from './capture-main.js';

/**
 * Every file a checkpoint is made of is SOURCE, for `apply -o` and for `--in-place` (review 19):
 * - F4: `--in-place` on a sharded set (its index named) wrote the whole checkpoint over the index JSON, exit 0,
 *   "verified"; on a DeepSpeed member file, over that file. --in-place rewrites one file: refused for a set.
 * - F5: `-o` onto DeepSpeed's `latest` / `latest_universal`, Megatron's tracker, or a file only the
 *   framework's loader reads (zero/optimizer_state.pt) replaced it, and the folder no longer resumed.
 */

const fx = (rel: string) => join(ROOT, 'fixtures', rel);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-apply-source-files-'));

/** A copy of a fixture and a plan from it to its own manifest (no ops: what apply would write is the whole checkpoint). */
async function copyWithPlan(fixture: string, name: string, entry = ''): Promise<{ dir: string; plan: string }> {
  const dir = join(tmp, name);
  cpSync(fx(fixture), dir, { recursive: true });
  const manifest = join(tmp, `${name}.manifest.json`);
  let r = await runCli(['manifest', join(dir, entry), '-o', manifest]);
  expect(r.code, r.stderr).toBe(0);
  const plan = join(tmp, `${name}.plan.json`);
  r = await runCli(['plan', join(dir, entry), manifest, '-o', plan]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, plan };
}

/** every file below `dir` with its bytes */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) out.set(join(f.parentPath, f.name), readFileSync(join(f.parentPath, f.name)).toString('base64'));
  }
  return out;
}

function expectRefused(r: CliRun, file: string, why: RegExp): void {
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`sdmatch: ${file}: `);
  expect(lines[0]).toMatch(why);
}

describe('--in-place on a checkpoint made of several files (F4)', () => {
  for (const [fixture, index] of [['hf-sharded/safetensors', 'model.safetensors.index.json'], ['hf-sharded/bin', 'pytorch_model.bin.index.json']] as const) {
    it(`${fixture}: refused, one line, exit 2; the index and its shards untouched`, async () => {
      const { dir, plan } = await copyWithPlan(fixture, fixture.replace('/', '-'), index);
      const before = snapshot(dir);
      const r = await runCli(['apply', join(dir, index), plan, '--in-place']);
      expectRefused(r, join(dir, index), /is one of the \d+ files of a sharded set \(its index and shards\): --in-place rewrites one file and cannot rewrite the set; write a new checkpoint with -o/);
      expect(snapshot(dir)).toEqual(before);
      expect(() => JSON.parse(readFileSync(join(dir, index), 'utf8'))).not.toThrow();
    });
  }

  it('a DeepSpeed member file named as SOURCE: refused rather than the consolidated checkpoint written over it', async () => {
    const { dir, plan } = await copyWithPlan('deepspeed/zero2-fp16-dp2', 'ds-member');
    const before = snapshot(dir);
    const member = join(dir, 'global_step10/mp_rank_00_model_states.pt');
    const r = await runCli(['apply', member, plan, '--in-place']);
    expectRefused(r, member, /is one of the \d+ files of a DeepSpeed checkpoint folder: --in-place rewrites one file and cannot rewrite the set/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('-o onto a file the layout reader or the framework loader opens (F5)', () => {
  it("DeepSpeed's latest, Megatron's tracker, a universal folder's latest_universal and zero/optimizer_state.pt", async () => {
    const cases = [
      ['deepspeed/zero2-fp16-dp2', 'ds', 'latest'],
      ['megatron/legacy-tp2-pp2', 'meg', 'latest_checkpointed_iteration.txt'],
      ['deepspeed/universal-zero2', 'uni', 'latest_universal'],
      ['deepspeed/universal-zero2', 'uni-opt', 'global_step10_universal/zero/optimizer_state.pt'],
      ['deepspeed/universal-zero2', 'uni-avg', 'global_step10_universal/zero/embed.weight/exp_avg.pt'],
    ] as const;
    for (const [fixture, name, file] of cases) {
      const { dir, plan } = await copyWithPlan(fixture, name);
      const before = snapshot(dir);
      const out = join(dir, file);
      expectRefused(await runCli(['apply', dir, plan, '-o', out]), out, /is part of the source \(.*: its framework's loader reads it on resume\); sdmatch never writes over its source$/);
      expect(snapshot(dir), name).toEqual(before);
      const again = await runCli(['inspect', '-q', dir]);
      expect(again.code, again.stderr).not.toBe(2);
    }
  });

  it('a file the weights come from keeps its words: "is the source"', async () => {
    const { dir, plan } = await copyWithPlan('megatron/legacy-tp2-pp2', 'meg-rank');
    const out = join(dir, 'iter_0002000/mp_rank_01_001/model_optim_rng.pt');
    expectRefused(await runCli(['apply', dir, plan, '-o', out]), out, /is the source \(.*\); sdmatch never writes over its source unless --in-place is given$/);
  });
});

describe('-o onto a new file the framework loader would read on resume (s19-mend3\'s left)', () => {
  it('a new .pt in a universal parameter folder, a new *_optim_states.pt in a tag folder, a new distrib_optim.pt in a Megatron rank folder: refused, nothing written', async () => {
    const cases = [
      ['deepspeed/universal-zero2', 'uni-new', 'global_step10_universal/zero/embed.weight/fixed.pt', /DeepSpeed universal checkpoint's parameter folder/],
      ['deepspeed/zero2-fp16-dp2', 'ds-new', 'global_step10/zero_pp_rank_2_mp_rank_00_optim_states.pt', /DeepSpeed tag folder/],
      ['megatron/legacy-tp2-pp2', 'meg-new', 'iter_0002000/mp_rank_00_000/distrib_optim.pt', /Megatron rank folder/],
    ] as const;
    for (const [fixture, name, file, what] of cases) {
      const { dir, plan } = await copyWithPlan(fixture, name);
      const before = snapshot(dir);
      const out = join(dir, file);
      const r = await runCli(['apply', dir, plan, '-o', out]);
      expectRefused(r, out, what);
      expect(r.stderr.trim()).toMatch(/a file written there would be read as part of the source on resume; sdmatch never writes into its source: write the output elsewhere$/);
      expect(snapshot(dir), name).toEqual(before);
    }
  });

  // torch's FileSystemReader reads `.metadata`, or a rank's `__<rank>.metadata` when it loads without collectives,
  // and the data files storage_data names; Megatron-Core's torch_dist loader adds metadata.json (maybe_load_config),
  // common.pt (load_common) and every `<key>/shard_*.pt` (load_sharded_metadata globs them, load_sharded_objects loads)
  it('a DCP folder: a new __0.metadata; a Megatron torch_dist folder: a new common.pt, a new <key>/shard_*.pt: refused, nothing written', async () => {
    const { dir: dcp, plan: dcpPlan } = await copyWithPlan('dcp/row-sharded', 'dcp-new');
    let before = snapshot(dcp);
    let out = join(dcp, '__0.metadata');
    let r = await runCli(['apply', dcp, dcpPlan, '-o', out]);
    expectRefused(r, out, /is in a torch\.distributed\.checkpoint folder, whose \.metadata \(or a rank's __<rank>\.metadata\) its FileSystemReader reads/);
    expect(snapshot(dcp)).toEqual(before);

    const { dir, plan } = await copyWithPlan('dcp/row-sharded', 'mcore-new');
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ sharded_backend: 'torch_dist', sharded_backend_version: 1, common_backend: 'torch', common_backend_version: 1 }));
    mkdirSync(join(dir, 'rng_state'));
    before = snapshot(dir);
    out = join(dir, 'common.pt');
    r = await runCli(['apply', dir, plan, '-o', out]);
    expectRefused(r, out, /is in a Megatron-Core torch_dist folder, whose common\.pt its loader reads/);
    out = join(dir, 'rng_state', 'shard_0_1.pt');
    r = await runCli(['apply', dir, plan, '-o', out]);
    expectRefused(r, out, /is in a sharded object's folder of a Megatron-Core torch_dist checkpoint, whose shard_\*\.pt files its loader lists/);
    out = join(dir, 'metadata.json');
    r = await runCli(['apply', dir, plan, '-o', out]);
    expectRefused(r, out, /is part of the source \(.*: its framework's loader reads it on resume\)/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('beside a DCP folder\'s files, names no loader reads are written (fixed.pt; common.pt where no metadata.json makes it Megatron\'s)', async () => {
    const { dir, plan } = await copyWithPlan('dcp/row-sharded', 'dcp-beside');
    for (const name of ['fixed.pt', 'common.pt']) {
      const r = await runCli(['apply', dir, plan, '-o', join(dir, name)]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  });

  // s21-verify #2: the folders were compared by path, not by what a symlink reaches: `-o link/__0.metadata`
  // (link → the DCP source) wrote a new rank metadata into the source, exit 0 "verified"; the same with the source
  // named through the link; and `-o dslink/global_step10/…_optim_states.pt` left a third optimizer file in the
  // source's tag folder with exit 2 (after which `inspect` of the source failed)
  it('through a symlinked folder, on either side: refused as for the real path, nothing written', async () => {
    const { dir: dcp, plan: dcpPlan } = await copyWithPlan('dcp/row-sharded', 'dcp-link');
    const link = join(tmp, 'dcp-link-ln');
    symlinkSync(dcp, link);
    const before = snapshot(dcp);
    let out = join(link, '__0.metadata');
    let r = await runCli(['apply', dcp, dcpPlan, '-o', out]);
    expectRefused(r, out, /is in a torch\.distributed\.checkpoint folder/);
    out = join(dcp, '__0.metadata');
    r = await runCli(['apply', link, dcpPlan, '-o', out]);
    expectRefused(r, out, /is in a torch\.distributed\.checkpoint folder/);
    expect(snapshot(dcp)).toEqual(before);

    const { dir: ds, plan: dsPlan } = await copyWithPlan('deepspeed/zero2-fp16-dp2', 'ds-link');
    const dsLink = join(tmp, 'ds-link-ln');
    symlinkSync(ds, dsLink);
    const dsBefore = snapshot(ds);
    out = join(dsLink, 'global_step10', 'bf16_zero_pp_rank_9_mp_rank_00_optim_states.pt');
    r = await runCli(['apply', ds, dsPlan, '-o', out]);
    expectRefused(r, out, /is in a DeepSpeed tag folder/);
    expect(snapshot(ds)).toEqual(dsBefore);
    expect((await runCli(['inspect', '-q', ds])).code).not.toBe(2);
  });

  // the target check reads OUT back under its name once it is renamed into place: a name read as another kind of file
  // (a tag-like folder's *_optim_states.pt, in a folder that is not the source's) failed there, exit 2, with OUT left behind
  it('an output its readers cannot read back under its name: exit 2, one line, and OUT removed (all or nothing)', async () => {
    const { dir, plan } = await copyWithPlan('deepspeed/zero2-fp16-dp2', 'ds-elsewhere');
    const other = join(tmp, 'ds-elsewhere-out', 'global_step10');
    mkdirSync(other, { recursive: true });
    const out = join(other, 'bf16_zero_pp_rank_9_mp_rank_00_optim_states.pt');
    const r = await runCli(['apply', dir, plan, '-o', out]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot be read back as a checkpoint under this name, so apply removed it/);
    expect(readdirSync(other)).toEqual([]);
  });

  it('a new file beside them that no loader lists is written (fixed.pt in a tag folder)', async () => {
    const { dir, plan } = await copyWithPlan('deepspeed/zero2-fp16-dp2', 'ds-beside');
    const r = await runCli(['apply', dir, plan, '-o', join(dir, 'global_step10', 'fixed.pt')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
