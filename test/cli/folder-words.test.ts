import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 19 F11's words on distributed folders: a pointer file naming what is not there was "a directory, not a
 * checkpoint sdmatch recognises" (600 characters of what each layout looks for); `--in-place` on a DeepSpeed folder
 * said "is a folder; name the output file" (the user named none); `--keep-container` said "this deepspeed file has
 * only tensors to keep"; apply's help promised a replace "once the output is verified".
 */
const { dir, cleanup } = tempDir('folder-words');
afterAll(() => cleanup());
const copy = (fixture: string, name: string) => {
  const to = join(dir, name);
  cpSync(join(repoRoot, 'fixtures', fixture), to, { recursive: true });
  return to;
};
async function refused(argv: string[]): Promise<string> {
  const r = await runCli(argv);
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr.trim();
}

describe('distributed folders: the words say what is wrong', () => {
  it("DeepSpeed's latest naming a tag that is not there, or no tag: named, with the tags there", async () => {
    const ds = copy('deepspeed/zero2-fp16-dp2', 'ds');
    writeFileSync(join(ds, 'latest'), 'global_step20');
    expect(await refused(['inspect', ds])).toBe(`sdmatch: ${ds}: its latest file names global_step20, which is not a DeepSpeed tag folder in it (tag folders here: global_step10)`);
    writeFileSync(join(ds, 'latest'), '../other');
    expect(await refused(['inspect', ds])).toMatch(/its latest file names no tag folder \("\.\.\/other"\): DeepSpeed reads the tag to load from it \(tag folders here: global_step10\)$/);
  });

  it("Megatron's tracker naming an iteration that is not there, or no iteration", async () => {
    const meg = copy('megatron/legacy-tp2-pp2', 'meg');
    writeFileSync(join(meg, 'latest_checkpointed_iteration.txt'), '3000');
    expect(await refused(['inspect', meg])).toMatch(/its latest_checkpointed_iteration\.txt names iter_0003000, which is not a Megatron iteration folder in it \(iteration folders here: iter_0002000\)$/);
    writeFileSync(join(meg, 'latest_checkpointed_iteration.txt'), 'abc');
    expect(await refused(['inspect', meg])).toMatch(/holds "abc", not an iteration or release/);
  });

  it('--in-place and --keep-container on a DeepSpeed folder: what each cannot do there', async () => {
    const ds = copy('deepspeed/zero2-fp16-dp2', 'ds2');
    const manifest = join(dir, 'ds2.json');
    expect((await runCli(['manifest', ds, '-o', manifest, '-q'])).code).toBe(0);
    const plan = join(dir, 'ds2.plan.json');
    expect((await runCli(['plan', ds, manifest, '-o', plan, '-q'])).code).toBe(0);
    expect(await refused(['apply', ds, plan, '--in-place'])).toMatch(/is a DeepSpeed checkpoint folder: --in-place rewrites one file \(or a DCP folder's \.metadata\) and cannot rewrite it; write a consolidated checkpoint with -o OUT\.pt/);
    expect(await refused(['apply', ds, plan, '-o', join(dir, 'out.pt'), '--keep-container'])).toMatch(/a consolidated DeepSpeed checkpoint is written as its state dict alone \(the rest stays in its folder\): write it without --keep-container$/);
  });

  it('a shard index cut short inside its weight_map: said as an index that is not valid JSON', async () => {
    const index = join(dir, 'model.safetensors.index.json');
    writeFileSync(index, '{"weight_map": ');
    expect(await refused(['inspect', index])).toMatch(/: shard index: not valid JSON \(/);
  });

  it("apply's help does not promise that the in-place output is verified first", async () => {
    const r = await runCli(['apply', '--help']);
    expect(r.stdout).not.toMatch(/once the output is verified/);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/not a condition of the replace/);
  });
});
