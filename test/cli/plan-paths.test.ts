import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePlan } from '../../src/plan/validate.js';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Plan files name their source and target relative to their own folder (`"paths": "relative-to-plan"`), so a
 * plan committed to a repository names no one's home folder, and one moved or checked out elsewhere together
 * with its files still finds them, from any working folder. Session 12's plans recorded absolute paths (they
 * named the author's folders and followed a moved plan back to the old files); older plans are still read.
 * Real fixture files: DataParallel's ddp.pt and the plain CNN's manifest.
 */

const BIN = join(repoRoot, 'bin/sdmatch.js');
const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

interface PlanJson { paths?: string; source: { file: string }; target: { file: string } }

describe('plan files name their files from their own folder', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (...p: string[]) => join(tmp.dir, ...p);
  const planOf = (...p: string[]) => JSON.parse(readFileSync(at(...p), 'utf8')) as PlanJson;
  beforeAll(() => {
    tmp = tempDir('plan-paths');
    for (const d of ['repo/models', 'repo/plans', 'elsewhere']) mkdirSync(at(d), { recursive: true });
    cpSync(join(repoRoot, 'fixtures/training/ddp.pt'), at('repo/models/ddp.pt'));
    cpSync(join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json'), at('repo/models/model.json'));
    const made = run(at('repo'), ['plan', 'models/ddp.pt', 'models/model.json', '-o', 'plans/plan.json']);
    expect(made.status, made.stdout + made.stderr).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('plan -o records them relative to the plan file, naming no folder of the machine; apply and plan check from another folder find them', () => {
    const plan = planOf('repo/plans/plan.json');
    expect(plan.paths).toBe('relative-to-plan');
    expect(plan.source.file).toBe('../models/ddp.pt');
    expect(plan.target.file).toBe('../models/model.json');
    expect(readFileSync(at('repo/plans/plan.json'), 'utf8')).not.toContain(tmp.dir);
    // apply and plan check run from another folder find the target and the source
    const applied = run(at('elsewhere'), ['apply', at('repo/models/ddp.pt'), at('repo/plans/plan.json'), '-o', at('elsewhere/out.pt')]);
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/verified/);
    expect(applied.stdout).not.toMatch(/not checked against the model/);
    // a relative plan name from a folder beside it: the files are looked for from the plan's folder, not from here
    const checked = run(at('elsewhere'), ['plan', 'check', '../repo/plans/plan.json', at('repo/models/model.json')]);
    expect(checked.status, checked.stdout).toBe(0);
    expect(checked.stdout).toMatch(/^exact:/);
    expect(checked.stdout).not.toMatch(/shapes not checked/);
  });

  it('a plan moved together with its files checks against the files beside it, not the ones it was made with', () => {
    cpSync(at('repo'), at('clone'), { recursive: true });
    // the old folder's model changes (another model's manifest): the moved plan must not be judged against it
    cpSync(join(repoRoot, 'fixtures/pairs/classifier-head.manifest.json'), at('repo/models/model.json'));
    let applied;
    try {
      applied = run(at('clone/plans'), ['apply', '../models/ddp.pt', 'plan.json', '-o', at('elsewhere/moved.pt')]);
    } finally {
      cpSync(at('clone/models/model.json'), at('repo/models/model.json'));
    }
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/verified/);
    // the folder moved away: the plan still names what is beside it
    renameSync(at('clone'), at('moved'));
    const checked = run(tmp.dir, ['plan', 'check', at('moved/plans/plan.json'), at('moved/models/model.json')]);
    expect(checked.status, checked.stdout).toBe(0);
    expect(checked.stdout).not.toMatch(/shapes not checked/);
  });

  it("an old plan with absolute paths is still read; plan edit -o rewrites it from the new plan's folder", () => {
    const plan = planOf('repo/plans/plan.json');
    delete plan.paths;
    plan.source.file = at('repo/models/ddp.pt');
    plan.target.file = at('repo/models/model.json');
    writeFileSync(at('elsewhere/old.json'), JSON.stringify(plan));
    const applied = run(tmp.dir, ['apply', at('repo/models/ddp.pt'), at('elsewhere/old.json'), '-o', at('elsewhere/old.pt')]);
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/verified/);
    const edited = run(tmp.dir, ['plan', 'edit', at('elsewhere/old.json'), '-o', at('repo/plans/edited.json')]);
    expect(edited.status, edited.stdout + edited.stderr).toBe(0);
    const rewritten = planOf('repo/plans/edited.json');
    expect([rewritten.paths, rewritten.source.file, rewritten.target.file]).toEqual(['relative-to-plan', '../models/ddp.pt', '../models/model.json']);
  });

  it('an old plan with names relative to where plan ran is read as given, then beside the plan file', () => {
    const plan = planOf('repo/plans/plan.json');
    delete plan.paths;
    plan.source.file = 'ddp.pt';
    plan.target.file = 'model.json';
    writeFileSync(at('repo/models/old-rel.json'), JSON.stringify(plan));
    const applied = run(tmp.dir, ['apply', at('repo/models/ddp.pt'), at('repo/models/old-rel.json'), '-o', at('elsewhere/old-rel.pt')]);
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/verified/);
    // and rewritten by plan invert -o into another folder, from that folder
    const inverted = run(tmp.dir, ['plan', 'invert', at('repo/models/old-rel.json'), at('repo/models/ddp.pt'), '-o', at('repo/plans/back.json')]);
    expect(inverted.status, inverted.stdout + inverted.stderr).toBe(0);
    expect(planOf('repo/plans/back.json').target.file).toBe('../models/ddp.pt');
  });

  it('a plan moved without its files: apply prints no success and exits 1 with one line naming the missing target; --target MODEL checks it', () => {
    mkdirSync(at('alone'), { recursive: true });
    cpSync(at('repo/plans/plan.json'), at('alone/plan.json'));
    const applied = run(tmp.dir, ['apply', at('repo/models/ddp.pt'), at('alone/plan.json'), '-o', at('elsewhere/alone.pt'), '--no-color']);
    expect(applied.status, applied.stdout + applied.stderr).toBe(1);
    const lines = applied.stdout.trimEnd().split('\n');
    const missing = at('models/model.json');
    expect(lines[0]).toBe(`not checked against the model: the plan's target ${missing} is not here (a plan moved without its files?); give it with --target MODEL, or run sdmatch diff OUT MODEL to check it`);
    expect(lines.at(-1)).toBe(`exit 1: the output was compared with no model: the plan's target ${missing} is not here (a plan moved without its files?)`);
    expect(applied.stdout).not.toMatch(/verified/);
    // named explicitly, the target is checked as usual
    const given = run(tmp.dir, ['apply', at('repo/models/ddp.pt'), at('alone/plan.json'), '-o', at('elsewhere/alone.pt'), '--target', at('repo/models/model.json'), '--no-color']);
    expect(given.status, given.stdout + given.stderr).toBe(0);
    expect(given.stdout.split('\n')[0]).toMatch(/^verified against .*model\.json/);
    // a --target that is not there is bad input: one line, exit 2, nothing written
    const gone = run(tmp.dir, ['apply', at('repo/models/ddp.pt'), at('alone/plan.json'), '-o', at('elsewhere/never.pt'), '--target', at('nowhere.json')]);
    expect(gone.status).toBe(2);
    expect(gone.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(at('elsewhere/never.pt'))).toBe(false);
  });

  it('the paths field is validated: its one value, or none', () => {
    const plan = planOf('repo/plans/plan.json');
    expect(validatePlan(plan, 'plan.json').paths).toBe('relative-to-plan');
    expect(() => validatePlan({ ...plan, paths: 'absolute' }, 'plan.json')).toThrow(/paths: expected "relative-to-plan"/);
  });
});

describeWithTorch('a moved plan\'s output, judged by torch', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('plan-paths-torch');
  });
  afterAll(() => tmp.cleanup());

  it('made in one folder, moved with its files, applied from inside it: the output loads strict=True, tensors equal', () => {
    mkdirSync(join(tmp.dir, 'a/models'), { recursive: true });
    cpSync(join(repoRoot, 'fixtures/training/ddp.pt'), join(tmp.dir, 'a/models/ddp.pt'));
    cpSync(join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json'), join(tmp.dir, 'a/models/model.json'));
    expect(run(join(tmp.dir, 'a'), ['plan', 'models/ddp.pt', 'models/model.json', '-o', 'plan.json']).status).toBe(0);
    renameSync(join(tmp.dir, 'a'), join(tmp.dir, 'b'));
    const applied = run(join(tmp.dir, 'b/models'), ['apply', 'ddp.pt', '../plan.json', '-o', 'out.pt']);
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/verified/);
    expect(runPython(`import sys, torch
sys.path.insert(0, sys.argv[3])
from fixtures import models
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = models.build_cnn(num_classes=10)
m.load_state_dict(out, strict=True)
assert all(torch.equal(v, src['module.' + k]) for k, v in m.state_dict().items())
print('ok')`, [join(tmp.dir, 'b/models/ddp.pt'), join(tmp.dir, 'b/models/out.pt'), repoRoot]).trim()).toBe('ok');
  });
});
