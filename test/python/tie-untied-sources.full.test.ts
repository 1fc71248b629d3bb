import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY, TIED_LM_PY } from '../helpers/torch-plan.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 25 F7: a model trained untied (`lm_head.weight` ≠ `embed.weight`), saved as safetensors (one file, or shards
 * with an index and a `model.` prefix) or as a DCP folder, loaded into a model that ties its head. Torch copies both
 * names into the one tensor and keeps `lm_head.weight`'s: the trained embedding is gone without an error. plan said
 * "succeeds", plan check "exact", apply "verified", all exit 0, because these formats "cannot show storages". A
 * safetensors name is always its own bytes; DCP's bytes are read and compared. Different bytes: plan, plan check and
 * apply exit 1 naming `embed.weight`, and apply does so even with a plan that recorded nothing (made before); equal
 * bytes: exit 0, and the words say the bytes were compared. Torch judges the outputs. Review 25 F8: `check` (the CI gate)
 * called the same change "compatible — old checkpoints load as they are": it is breaking, a tie added, in every format.
 */
const LM_PY = `${STRICT_EQUAL_PY}
${TIED_LM_PY}
import json
`;

const BUILD_PY = `${LM_PY}
d, lib, fixtures = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path[:0] = [lib, fixtures]
import safetensors_io, dcp
from pathlib import Path
torch.manual_seed(0)
for case in ('equal', 'differ'):
    m = LM(False)
    if case == 'equal':
        with torch.no_grad(): m.lm_head.weight.copy_(m.embed.weight)
    sd = {k: v.clone().contiguous() for k, v in m.state_dict().items()}
    torch.save(sd, os.path.join(d, case + '.pt'))
    safetensors_io.save_file(sd, os.path.join(d, case + '.safetensors'))
    # shards with an index, keys under a \`model.\` prefix: the embedding in one shard, the head in the other
    os.makedirs(os.path.join(d, case + '_sharded'))
    shards = {'model-00001-of-00002.safetensors': ['embed.weight', 'block.weight'], 'model-00002-of-00002.safetensors': ['block.bias', 'lm_head.weight']}
    for f, keys in shards.items():
        safetensors_io.save_file({'model.' + k: sd[k] for k in keys}, os.path.join(d, case + '_sharded', f))
    json.dump({'metadata': {}, 'weight_map': {'model.' + k: f for f, keys in shards.items() for k in keys}}, open(os.path.join(d, case + '_sharded', 'model.safetensors.index.json'), 'w'))
    dcp.OUT = Path(d)
    dcp.write_dcp(case + '_dcp', {'model': dict(sd)}, dcp.rows(2), dcp.layout_2_8(), 2)
torch.save(LM(True).state_dict(), os.path.join(d, 'tgt.pt'))
`;

/** The output loaded strict=True into the tied model: `equal` when every tensor is the checkpoint's, else `DIFFERENT`. */
const JUDGE_PY = `${LM_PY}
d, case, out = sys.argv[1], sys.argv[2], sys.argv[3]
print(strict_equal(LM(True), torch.load(out), torch.load(os.path.join(d, case + '.pt'))))
`;

const SOURCES = [
  ['a torch file', (c: string) => `${c}.pt`],
  ['safetensors', (c: string) => `${c}.safetensors`],
  ['a safetensors index with a prefix', (c: string) => join(`${c}_sharded`, 'model.safetensors.index.json')],
  ['a DCP folder', (c: string) => `${c}_dcp`],
] as const;

describeWithTorch('an untied safetensors / sharded / DCP checkpoint into a model that ties its head (review 25 F7)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('sdmatch-tie-untied-');
    runPython(BUILD_PY, [tmp.dir, join(__dirname, '../../python'), join(__dirname, '../../fixtures')]);
  });
  afterAll(() => tmp?.cleanup());

  for (const [what, file] of SOURCES) {
    it(`${what}, values differ: plan, plan check and apply exit 1 naming embed.weight's lost values; never "succeeds" or "verified"`, async () => {
      const src = at(file('differ'));
      const plan = at(`differ-${what.length}.plan.json`);
      const p = await runCli(['plan', src, at('tgt.pt'), '-o', plan]);
      expect(p.code, p.stdout + p.stderr).toBe(1);
      expect(p.stdout.split('\n')[0]).toMatch(/^after the plan, load_state_dict\(strict=True\) loads, but trained weights are lost: .*the trained values of `embed\.weight` are lost/);
      expect(p.stdout).not.toMatch(/succeeds/);
      const c = await runCli(['plan', 'check', plan, at('tgt.pt')]);
      expect(c.code, c.stdout).toBe(1);
      expect(c.stdout).toMatch(/^not exact: .*1 tie of the model written from separate tensors/);
      const out = at(`differ-${what.length}.out.pt`);
      const a = await runCli(['apply', src, plan, '-o', out]);
      expect(a.code, a.stdout + a.stderr).toBe(1);
      expect(a.stdout.split('\n')[0]).toMatch(/but trained weights are lost/);
      expect(a.stdout).not.toMatch(/verified/);
      expect(a.stdout).toMatch(/`embed\.weight`'s trained values are lost/);
      // torch: the tied model took lm_head's values for both names; the trained embedding is gone
      expect(runPython(JUDGE_PY, [tmp.dir, 'differ', out]).trim()).toBe('DIFFERENT');
    });
  }

  it('a plan that recorded no loss (made before): apply compares the output\'s bytes and still exits 1', async () => {
    const plan = at('differ-old.plan.json');
    await runCli(['plan', at('differ.safetensors'), at('tgt.pt'), '-o', plan]);
    const json = JSON.parse(readFileSync(plan, 'utf8')) as { tiedApart?: unknown };
    expect(json.tiedApart).toBeDefined();
    delete json.tiedApart;
    writeFileSync(plan, JSON.stringify(json));
    const a = await runCli(['apply', at('differ.safetensors'), plan, '-o', at('differ-old.out.pt')]);
    expect(a.code, a.stdout + a.stderr).toBe(1);
    expect(a.stdout).toMatch(/`embed\.weight`'s trained values are lost/);
  });

  // review 25 F8: check, the CI gate, on the same pairs: a tie added is breaking in every format, never "load as they are"
  for (const [what, file] of SOURCES) {
    it(`check ${what} (untied, values differ) against the tied model: breaking, exit 1, the tie named in text, JSON, JUnit, Markdown and GitHub`, async () => {
      const base = at(file('differ'));
      const text = await runCli(['check', base, at('tgt.pt')]);
      expect(text.code, text.stdout + text.stderr).toBe(1);
      expect(text.stdout).toMatch(/^sdmatch check: breaking — /);
      expect(text.stdout).not.toMatch(/load as they are/);
      expect(text.stdout).toMatch(/tie added: embed\.weight = lm_head\.weight \(one tensor now\): old checkpoints hold them as separate tensors, and a strict load keeps only lm_head\.weight's values: embed\.weight's trained values are lost/);
      const json = await runCli(['check', base, at('tgt.pt'), '--format', 'json']);
      expect(json.code).toBe(1);
      const j = JSON.parse(json.stdout) as { verdict: string; loads: string; tiesAdded: unknown[] };
      expect(j).toMatchObject({ verdict: 'breaking', loads: 'no', tiesAdded: [{ keys: ['embed.weight', 'lm_head.weight'], shown: true, severity: 'breaking' }] });
      const junit = await runCli(['check', base, at('tgt.pt'), '--format', 'junit']);
      expect(junit.stdout).toMatch(/<testcase classname="sdmatch.check" name="no ties added">\s*<failure type="breaking"[^>]*>tie added: embed\.weight = lm_head\.weight/);
      const md = await runCli(['check', base, at('tgt.pt'), '--format', 'markdown']);
      expect(md.stdout).toMatch(/Ties added \(1\)/);
      const gh = await runCli(['check', base, at('tgt.pt'), '--format', 'github']);
      expect(gh.stdout).toMatch(/^::error [^\n]*title=sdmatch check%3A 1 tie added%3A old checkpoints lose trained values \(breaking\)::tie added: embed\.weight = lm_head\.weight/m);
    });
  }

  it('check with equal bytes in the baseline, or the tie removed (a tied checkpoint stores both names): compatible, exit 0', async () => {
    const equal = await runCli(['check', at('equal.safetensors'), at('tgt.pt')]);
    expect(equal.code, equal.stdout).toBe(0);
    expect(equal.stdout).toMatch(/^sdmatch check: compatible — old checkpoints load as they are/);
    const removed = await runCli(['check', at('tgt.pt'), at('differ.pt')]);
    expect(removed.code, removed.stdout).toBe(0);
    expect(removed.stdout).toMatch(/^sdmatch check: compatible/);
  });

  for (const [what, file] of SOURCES) {
    it(`${what}, values equal: plan and apply exit 0 and say the bytes were compared equal; torch: every tensor right`, async () => {
      const src = at(file('equal'));
      const plan = at(`equal-${what.length}.plan.json`);
      const p = await runCli(['plan', src, at('tgt.pt'), '-o', plan]);
      expect(p.code, p.stdout + p.stderr).toBe(0);
      expect(p.stdout).toMatch(/their bytes are equal \(compared in the file\)/);
      expect(p.stdout).not.toMatch(/trained weights are lost|values of `[^`]+` are lost|not shown/);
      const out = at(`equal-${what.length}.out.pt`);
      const a = await runCli(['apply', src, plan, '-o', out]);
      expect(a.code, a.stdout + a.stderr).toBe(0);
      expect(a.stdout.split('\n')[0]).toMatch(/^verified .*the output's tensors under those names hold equal bytes \(compared\): the tie keeps the values both hold, and nothing is lost/);
      expect(runPython(JUDGE_PY, [tmp.dir, 'equal', out]).trim()).toBe('equal');
    });
  }
});
