import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { parseManifest } from '../../src/formats/manifest.js';
import { validatePlan } from '../../src/plan/validate.js';
import type { CheckJson } from '../../src/report/check-json.js';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { loadSchema, validateJson as validate } from '../helpers/json-schema.js';
import { childrenNamed, parseXml, type XmlElement } from '../report/check-xml.js';

/**
 * `sdmatch check` end to end on real torch models. The test defines one small network with variants
 * (a submodule renamed, the head resized, a layer added, the whole model in half precision), dumps
 * each variant's manifest with python/sdmatch_manifest.py (through its command-line entry point, in
 * one Python process), checks the variants against the base model's manifest in every output format,
 * and asks real torch what the verdicts claim: that the plan's mapping makes an old state dict load
 * with strict=True, that added keys make strict loading fail, that a float32 state dict loads into a
 * half model.
 */

const MODELS = `
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, cin, cout, device=None):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False, device=device)
        self.bn = nn.BatchNorm2d(cout, device=device)

class Net(nn.Module):
    def __init__(self, num_classes=10, trunk='encoder', extra=False, device=None):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1, device=device)
        setattr(self, trunk, nn.Sequential(Block(16, 32, device), Block(32, 32, device)))
        if extra:
            self.neck = nn.Linear(32, 32, device=device)
        self.head = nn.Linear(32, num_classes, device=device)

def build(num_classes=10, trunk='encoder', extra=False, half=False, device=None):
    m = Net(num_classes, trunk, extra, device)
    return m.bfloat16() if half else m
`;

const VARIANTS = {
  base: {},
  renamed: { trunk: 'backbone' },
  head: { num_classes: 5 },
  added: { extra: true },
  half: { half: true },
} as const;
type Variant = keyof typeof VARIANTS;

/** Dumps every variant's manifest through sdmatch_manifest.main, as the CLI one-liner would. */
const DUMP = `
import json, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import sdmatch_manifest
for name, kwargs in json.loads(sys.argv[3]).items():
    sdmatch_manifest.main(['module', 'check_models:build', '--kwargs', json.dumps(kwargs), '-o', f'{sys.argv[1]}/{name}.json'])
`;

/** What torch itself does when an old (base) state dict meets each new model. */
const FACTS = `
import json, sys
sys.path.insert(0, sys.argv[1])
import torch
from check_models import build
torch.manual_seed(0)
old = build().state_dict()
facts = {}
for name, kwargs in json.loads(sys.argv[2]).items():
    model = build(**kwargs)
    try:
        model.load_state_dict(old, strict=True)
        facts[name] = {'strict': 'ok', 'dtype': str(next(model.parameters()).dtype)}
    except RuntimeError as e:
        facts[name] = {'strict': str(e)}
print(json.dumps(facts))
`;

/** Renames the old state dict with the plan's mapping and loads it into the renamed model, strictly. */
const LOAD_WITH_PLAN = `
import json, sys
sys.path.insert(0, sys.argv[1])
import torch
from check_models import build
torch.manual_seed(0)
old = build().state_dict()
plan = json.load(open(sys.argv[2]))
new = {plan['mapping'][k]: v for k, v in old.items() if plan['mapping'][k] is not None}
model = build(trunk='backbone')
model.load_state_dict(new, strict=True)
same = all(torch.equal(model.state_dict()[plan['mapping'][k]], v) for k, v in old.items())
print(json.dumps({'loaded': True, 'same': same}))
`;

interface Formats {
  code: number;
  text: string;
  markdown: string;
  github: string;
  summary: string;
  json: CheckJson;
  junit: XmlElement;
}

const schema = loadSchema('check.schema.json');

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(argv, memoryIO({ env }));
}

describeWithTorch('sdmatch check on real torch models', () => {
  let dir = '';
  let cleanup = () => {};
  let facts: Record<string, { strict: string; dtype?: string }> = {};
  const m = (v: Variant) => join(dir, `${v}.json`);

  beforeAll(() => {
    ({ dir, cleanup } = tempDir('check'));
    writeFileSync(join(dir, 'check_models.py'), MODELS);
    runPython(DUMP, [dir, join(repoRoot, 'python'), JSON.stringify(VARIANTS)]);
    facts = JSON.parse(runPython(FACTS, [dir, JSON.stringify(VARIANTS)])) as typeof facts;
  });
  afterAll(() => cleanup());

  /** The same check in every format; all must agree on the exit code. */
  async function everyFormat(current: Variant, flags: string[] = []): Promise<Formats> {
    const argv = ['check', m('base'), m(current), ...flags];
    const summaryFile = join(dir, `summary-${current}-${flags.join('_').replace(/\W/g, '')}.md`);
    writeFileSync(summaryFile, '# earlier step\n');
    const out: Partial<Formats> = {};
    for (const format of ['text', 'markdown', 'github', 'json', 'junit'] as const) {
      const r = await run([...argv, '--format', format], format === 'github' ? { GITHUB_STEP_SUMMARY: summaryFile } : {});
      expect(r.stderr).toBe('');
      if (out.code === undefined) out.code = r.code;
      expect(r.code).toBe(out.code);
      if (format === 'json') out.json = JSON.parse(r.stdout) as CheckJson;
      else if (format === 'junit') out.junit = parseXml(r.stdout);
      else out[format] = r.stdout;
    }
    out.summary = readFileSync(summaryFile, 'utf8');
    // the step summary is appended, after what earlier steps wrote, and is the markdown report
    expect(out.summary).toBe(`# earlier step\n${out.markdown}\n`);
    expect(validate(schema, out.json)).toEqual([]);
    expect(out.json!.passed).toBe(out.code === 0);
    return out as Formats;
  }

  function junitCases(x: XmlElement): { name: string; failure: string | null; out: string | null }[] {
    expect(x.name).toBe('testsuites');
    const suite = childrenNamed(x, 'testsuite')[0]!;
    const cases = childrenNamed(suite, 'testcase').map((c) => ({
      name: c.attrs.name!,
      failure: childrenNamed(c, 'failure')[0]?.text ?? null,
      out: childrenNamed(c, 'system-out')[0]?.text ?? null,
    }));
    expect(Number(suite.attrs.tests)).toBe(cases.length);
    expect(Number(suite.attrs.failures)).toBe(cases.filter((c) => c.failure !== null).length);
    expect(cases.map((c) => c.name)).toEqual(['no removed keys', 'no added keys', 'no shape changes', 'renames are migratable', 'old checkpoints load without a plan', 'no dtype changes', 'no ties added', 'every kept weight can be written']);
    return cases;
  }

  describe('a submodule renamed (encoder → backbone)', () => {
    it('is migratable, passes the default policy, and the plan makes old state dicts load with strict=True', async () => {
      const plan = join(dir, 'migrate.json');
      const f = await everyFormat('renamed', ['--plan-out', plan]);
      expect(f.code).toBe(0);
      expect(facts.renamed!.strict).toMatch(/Missing key\(s\) in state_dict: "backbone\.0\.conv\.weight"/);

      expect(f.json.verdict).toBe('migratable');
      expect(f.json.counts).toMatchObject({ baseline: 16, current: 16, unchanged: 4, renamed: 12, added: 0, removed: 0, shapeChanged: 0, dtypeChanged: 0 });
      expect(f.json.renamed).toHaveLength(12);
      for (const r of f.json.renamed) {
        expect(r.to).toEqual(r.from.map((k) => k.replace(/^encoder\./, 'backbone.')));
        expect(r.confidence).toBeGreaterThanOrEqual(0.8);
        expect(r.severity).toBe('migratable');
      }
      expect(f.json.plan.file).toBe(plan);

      // the rename is paired by structure (below the plan's guess line): said as a guess in every format (review 17 F2)
      expect(f.text.split('\n')[0]).toBe('sdmatch check: migratable, values unverified — old checkpoints load after the plan, but 12 migrations rest on a guess (confidence below 0.90); the policy passes (fails on breaking)');
      expect(f.json.guesses).toHaveLength(12);
      expect(f.text).toContain('renamed (12 keys)');
      // grouped by the template that produced them: the same rename in both blocks is one row
      expect(f.text).toMatch(/encoder\.\{0,1\}\.bn\.\{weight,bias,running_mean,running_var,num_batches_tracked\} {2}\(10 keys\)\s+backbone\.\{0,1\}\.bn\.\{weight,bias,running_mean,running_var,num_batches_tracked\}\s+0\.\d\d\s+migratable \(a guess: confidence below 0\.90, values unverified\)/);
      expect(f.text).toContain('fix: sdmatch apply OLD_CHECKPOINT');
      expect(f.text).toContain(`plan: wrote ${plan} (1 op)`);

      expect(f.markdown.split('\n')[0]).toBe('### ⚠️ sdmatch check: migratable, values unverified');
      // grouped, the renames fit inline (no <details>)
      expect(f.markdown).toContain('**Renamed (12 keys)**');
      expect(f.markdown).toMatch(/\| `encoder\.\{0,1\}\.conv\.weight` \(2 keys\) \| `backbone\.\{0,1\}\.conv\.weight` \| 0\.\d\d \| migratable \(a guess: confidence below 0\.90, values unverified\) \|/);

      const gh = f.github.trimEnd().split('\n');
      expect(gh[0]).toMatch(/^::warning file=.*base\.json,title=sdmatch check%3A 12 keys moved%3A old checkpoints need the plan \(migratable\)::encoder\.0\.conv\.weight → backbone\.0\.conv\.weight, confidence 0\.\d\d, a guess \(confidence below 0\.90: paired by structure, similarity or order, not by the names\), its values unverified%0Aencoder\.0\.bn\.weight/);
      expect(gh.filter((l) => l.startsWith('::error'))).toEqual([]);
      expect(gh).toContain(`sdmatch check: wrote the plan to ${plan}`);

      const cases = junitCases(f.junit);
      expect(cases.filter((c) => c.failure !== null)).toEqual([]);
      expect(cases[4]!.out).toMatch(/^12 changes the policy accepts \(migratable\):\nencoder\.0\.conv\.weight → backbone\.0\.conv\.weight/);

      // the plan: valid, its mapping exactly the rename, and real torch loads the renamed state dict
      const written = validatePlan(JSON.parse(readFileSync(plan, 'utf8')), plan);
      expect(written.ops.map((o) => o.op)).toEqual(['rename']);
      for (const [k, v] of Object.entries(written.mapping)) expect(v).toBe(k.replace(/^encoder\./, 'backbone.'));
      expect(written.unmapped).toEqual([]);
      expect(JSON.parse(runPython(LOAD_WITH_PLAN, [dir, plan]))).toEqual({ loaded: true, same: true });
    });

    it('fails --fail-on migratable (exit 1), and ignored keys drop out of the count', async () => {
      const strict = await run(['check', m('base'), m('renamed'), '--fail-on', 'migratable']);
      expect(strict.code).toBe(1);
      expect(strict.stdout.split('\n')[0]).toContain('the policy FAILS (fails on migratable or breaking)');
      const ignored = JSON.parse((await run(['check', m('base'), m('renamed'), '--ignore', 'num_batches_tracked$', '--format', 'json'])).stdout) as CheckJson;
      expect(ignored.counts.renamed).toBe(10);
      expect(ignored.ignored).toEqual(['encoder.0.bn.num_batches_tracked', 'backbone.0.bn.num_batches_tracked', 'encoder.1.bn.num_batches_tracked', 'backbone.1.bn.num_batches_tracked']);
    });

    it('fails when the minimum confidence is above what inference found', async () => {
      const r = await run(['check', m('base'), m('renamed'), '--min-confidence', '1', '--format', 'json']);
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout) as CheckJson;
      expect(json.verdict).toBe('breaking');
      expect(json.rules.find((x) => x.id === 'renames-migratable')).toMatchObject({ failed: true, holds: false });
    });
  });

  describe('the head resized (10 → 5 classes)', () => {
    it('is breaking with the reason, and fails (exit 1)', async () => {
      const f = await everyFormat('head');
      expect(f.code).toBe(1);
      expect(facts.head!.strict).toMatch(/size mismatch for head\.weight: copying a param with shape torch\.Size\(\[10, 32\]\) from checkpoint, the shape in current model is torch\.Size\(\[5, 32\]\)/);

      expect(f.json.verdict).toBe('breaking');
      expect(f.json.shapeChanged).toEqual([
        { key: 'head.weight', from: 'head.weight', baseline: [10, 32], current: [5, 32], fix: null, confidence: null, reason: 'classifier of another class count', severity: 'breaking' },
        { key: 'head.bias', from: 'head.bias', baseline: [10], current: [5], fix: null, confidence: null, reason: 'classifier of another class count', severity: 'breaking' },
      ]);
      expect(f.json.added).toEqual([]);
      expect(f.json.removed).toEqual([]);
      expect(f.json.reasons[0]).toEqual({ severity: 'breaking', message: 'head.weight: [10, 32] → [5, 32] (classifier of another class count): old weights do not fit the new model' });

      expect(f.text.split('\n')[0]).toBe('sdmatch check: breaking — old checkpoints cannot fully load into the new model; the policy FAILS (fails on breaking)');
      expect(f.text).toContain('shape changes (2)');
      expect(f.text).toMatch(/head\.weight\s+\[10, 32\]\s+\[5, 32\]\s+classifier of another class count\s+breaking/);

      expect(f.markdown.split('\n')[0]).toBe('### ❌ sdmatch check: breaking');
      expect(f.markdown).toContain('the policy **fails** (fails on breaking)');
      expect(f.markdown).toContain('**Shape changes (2)**');
      expect(f.markdown).toContain('| `head.weight` | [10, 32] | [5, 32] | classifier of another class count | breaking |');

      expect(f.github.split('\n')[0]).toMatch(
        /^::error file=.*base\.json,title=sdmatch check%3A 2 shapes changed%2C no plan fixes them \(breaking\)::head\.weight: \[10, 32\] → \[5, 32\] \(classifier of another class count\)%0Ahead\.bias: \[10\] → \[5\] \(classifier of another class count\)$/,
      );

      const cases = junitCases(f.junit);
      expect(cases.filter((c) => c.failure !== null).map((c) => c.name)).toEqual(['no shape changes']);
      expect(cases[2]!.failure).toBe('head.weight: [10, 32] → [5, 32] (classifier of another class count)\nhead.bias: [10] → [5] (classifier of another class count)');
    });
  });

  describe('a layer added (neck)', () => {
    it('is compatible by the policy with --allow added, even under --fail-on any, and says old checkpoints do NOT load as they are', async () => {
      expect(facts.added!.strict).toMatch(/Missing key\(s\) in state_dict: "neck\.weight", "neck\.bias"/);
      const f = await everyFormat('added', ['--allow', 'added', '--fail-on', 'any']);
      expect(f.code).toBe(0);
      expect(f.json.verdict).toBe('compatible');
      expect(f.json.loads).toBe('no');
      expect(f.json.added).toEqual([
        { key: 'neck.weight', shape: [32, 32], dtype: 'float32', severity: 'allowed', reason: null },
        { key: 'neck.bias', shape: [32], dtype: 'float32', severity: 'allowed', reason: null },
      ]);
      expect(f.json.policy).toMatchObject({ allow: ['added'], failOn: 'any', from: { allow: 'flag', failOn: 'flag' } });
      expect(f.text.split('\n')[0]).toBe('sdmatch check: compatible by the policy — old checkpoints do NOT load as they are (the policy allows neck.weight, neck.bias); the policy passes (fails on any change not allowed)');
      expect(f.text).toMatch(/neck\.\{weight,bias\}\s+2 keys\s+allowed \(allow added\)/);
      expect(f.markdown.split('\n')[0]).toBe('### ⚠️ sdmatch check: compatible by the policy');
      expect(f.markdown).toContain('| `neck.{weight,bias}` | 2 keys | allowed (allow added) |');
      expect(f.github.split('\n')[0]).toMatch(/^::notice file=.*base\.json,title=sdmatch check%3A 2 keys added \(allowed\)::neck\.weight \[32, 32\]%0Aneck\.bias \[32\]$/);
      const cases = junitCases(f.junit);
      expect(cases.filter((c) => c.failure !== null)).toEqual([]);
      expect(cases[1]!.out).toBe('2 changes the policy accepts (allowed):\nneck.weight [32, 32]\nneck.bias [32]');
    });

    it('without --allow added it is breaking and fails --fail-on any (exit 1)', async () => {
      const f = await everyFormat('added', ['--fail-on', 'any']);
      expect(f.code).toBe(1);
      expect(f.json.verdict).toBe('breaking');
      expect(f.json.added.map((a) => a.severity)).toEqual(['breaking', 'breaking']);
      expect(f.text).toContain('2 keys added (neck.weight, neck.bias): old checkpoints have no weights for them, so they load only with strict=False');
      expect(f.markdown).toMatch(/\| `neck\.\{weight,bias\}` \| 2 keys \| breaking \(no source in old checkpoints\) \|/);
      expect(f.github.split('\n')[0]).toMatch(/^::error .*title=sdmatch check%3A 2 keys added \(breaking\)::neck\.weight \[32, 32\]%0Aneck\.bias \[32\]$/);
      expect(junitCases(f.junit).filter((c) => c.failure !== null).map((c) => c.name)).toEqual(['no added keys']);
    });
  });

  describe('the model in bfloat16 (the exponent range of float32: float16 is breaking, test/analysis/check-casts.test.ts)', () => {
    it('is a dtype change: compatible, since load_state_dict casts on copy', async () => {
      expect(facts.half).toEqual({ strict: 'ok', dtype: 'torch.bfloat16' });
      const f = await everyFormat('half');
      expect(f.code).toBe(0);
      expect(f.json.verdict).toBe('compatible');
      expect(f.json.dtypeChanged).toHaveLength(14);
      expect(new Set(f.json.dtypeChanged.map((d) => `${d.baseline}→${d.current}:${d.severity}`))).toEqual(new Set(['float32→bfloat16:compatible']));
      // BatchNorm's counters stay int64 under .bfloat16()
      expect(f.json.unchanged).toEqual(['encoder.0.bn.num_batches_tracked', 'encoder.1.bn.num_batches_tracked']);
      expect(f.text).toContain('14 tensors changed dtype (float32 → bfloat16): old checkpoints still load, load_state_dict casts on copy');
      expect(f.text).toMatch(/stem\.weight\s+float32\s+bfloat16\s+compatible \(floating to floating: the values keep to the new precision\)/);
      expect(f.markdown).toContain('<summary>Dtype changes (14)</summary>');
      expect(f.markdown).toContain('| `stem.weight` | float32 | bfloat16 | compatible (floating to floating: the values keep to the new precision) |');
      expect(f.github.split('\n')[0]).toMatch(/^::warning .*title=sdmatch check%3A 14 dtypes changed \(compatible\)::stem\.weight: float32 → bfloat16 \(floating to floating: the values keep to the new precision\)%0A/);
      const cases = junitCases(f.junit);
      expect(cases.filter((c) => c.failure !== null)).toEqual([]);
      expect(cases[5]!.out).toMatch(/^14 changes the policy accepts \(compatible\):\nstem\.weight: float32 → bfloat16/);
    });

    it('fails --fail-on any unless --allow dtype', async () => {
      const f = await everyFormat('half', ['--fail-on', 'any']);
      expect(f.code).toBe(1);
      expect(junitCases(f.junit).filter((c) => c.failure !== null).map((c) => c.name)).toEqual(['no dtype changes']);
      expect((await run(['check', m('base'), m('half'), '--fail-on', 'any', '--allow', 'dtype'])).code).toBe(0);
    });
  });

  describe('the policy file beside the lock', () => {
    it('is read from BASELINE\'s folder, and flags override it setting by setting', async () => {
      const proj = join(dir, 'proj');
      mkdirSync(proj, { recursive: true });
      writeFileSync(join(proj, 'model.lock.json'), readFileSync(m('base')));
      writeFileSync(join(proj, '.sdmatch.json'), JSON.stringify({ check: { allow: ['added'], failOn: 'any' } }));
      const lock = join(proj, 'model.lock.json');
      const byFile = await run(['check', lock, m('added'), '--format', 'json']);
      expect(byFile.code).toBe(0);
      const json = JSON.parse(byFile.stdout) as CheckJson;
      expect(json.policy).toMatchObject({ file: join(proj, '.sdmatch.json'), allow: ['added'], failOn: 'any', from: { allow: 'file', failOn: 'file', ignore: 'default' } });
      // --allow dtype replaces the file's allow list: added keys count again, and the file's failOn still holds
      expect((await run(['check', lock, m('added'), '--allow', 'dtype'])).code).toBe(1);
      // the file in the current folder does not count when BASELINE is elsewhere
      expect((await run(['check', m('base'), m('added')])).code).toBe(1);
    });

    for (const [what, text, message] of [
      ['bad JSON', '{"check": {"failOn": "any",}}', /\.sdmatch\.json: not valid JSON: /],
      ['an unknown field', '{"check": {"fail_on": "any"}}', /\.sdmatch\.json: check\."fail_on": unknown field \(allowed: failOn, allow, ignore, minConfidence\)$/],
      ['a bad regex', '{"check": {"ignore": ["num_batches_tracked$", "(bn"]}}', /\.sdmatch\.json: check\.ignore\[1\]: invalid regex "\(bn": /],
    ] as const) {
      it(`${what}: one line, exit 2, nothing on stdout`, async () => {
        const proj = join(dir, `bad-${what.replace(/\W/g, '')}`);
        mkdirSync(proj, { recursive: true });
        writeFileSync(join(proj, '.sdmatch.json'), text);
        writeFileSync(join(proj, 'lock.json'), readFileSync(m('base')));
        const r = await run(['check', join(proj, 'lock.json'), m('base')]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/^sdmatch: /);
        expect(r.stderr.trimEnd()).toMatch(message);
      });
    }

    it('--config names another file, which must exist', async () => {
      const r = await run(['check', m('base'), m('base'), '--config', join(dir, 'nope.json')]);
      expect(r).toEqual({ stdout: '', stderr: `sdmatch: ${join(dir, 'nope.json')}: cannot read the policy file: no such file`, code: 2 });
    });
  });

  describe('bad flags and inputs: one line, exit 2', () => {
    for (const [flags, message] of [
      [['--ignore', '[bn'], /^sdmatch: --ignore: invalid regex "\[bn": /],
      [['--min-confidence', '1.5'], /^sdmatch: --min-confidence must be a number from 0 to 1, not 1\.5$/],
      [['--fail-on', 'never'], /^sdmatch: --fail-on must be one of breaking, migratable, any, not "never"$/],
      [['--allow', 'added,removed'], /^sdmatch: --allow takes added, dtype, not "removed"$/],
    ] as const) {
      it(flags.join(' '), async () => {
        const r = await run(['check', m('base'), m('added'), ...flags]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(message);
      });
    }

    it('an error text is not a key set', async () => {
      const err = join(repoRoot, 'fixtures/pairs/classifier-head.error.txt');
      const r = await run(['check', m('base'), err]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`sdmatch: ${err}: check compares two key sets, and an error text names only the keys that differed; give the manifest or the checkpoint`);
    });
  });

  describe('--update', () => {
    it('rewrites the lock from CURRENT (manifest form) after reporting, and exits 0', async () => {
      const lock = join(dir, 'update.lock.json');
      writeFileSync(lock, readFileSync(m('base')));
      const r = await run(['check', lock, m('head'), '--update']);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toContain('breaking');
      expect(r.stdout).toContain(`updated ${lock} from ${m('head')} (16 keys)`);
      const text = readFileSync(lock, 'utf8');
      expect(text.startsWith('{\n  "format": "sdmatch-manifest",\n  "version": 1,')).toBe(true);
      expect(parseManifest(text, lock)).toEqual(parseManifest(readFileSync(m('head'), 'utf8'), m('head')));
      const again = await run(['check', lock, m('head'), '--fail-on', 'any', '--format', 'json']);
      expect(again.code).toBe(0);
      expect((JSON.parse(again.stdout) as CheckJson).counts.unchanged).toBe(16);
    });

    it('creates a missing lock', async () => {
      const lock = join(dir, 'new.lock.json');
      const r = await run(['check', lock, m('base'), '--update']);
      expect(r).toEqual({ stdout: `sdmatch check: created ${lock} from ${m('base')} (16 keys); commit it as the baseline`, stderr: '', code: 0 });
      expect(existsSync(lock)).toBe(true);
    });

    it('refuses a baseline that is not a manifest', async () => {
      const ckpt = join(repoRoot, 'fixtures/torch-zip/mlp.pt');
      const r = await run(['check', ckpt, m('base'), '--update']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`sdmatch: --update rewrites a manifest, but ${ckpt} is a checkpoint; write the lock file with sdmatch manifest first`);
    });
  });

  describe('the plan from --plan-out, applied to a checkpoint torch wrote', () => {
    /** Saves the old model's state dict (torch.save) and, for a key set the lock does not have, the neck variant's. */
    const SAVE = `
import sys
sys.path.insert(0, sys.argv[1])
import torch
from check_models import build
torch.manual_seed(0)
torch.save(build().state_dict(), sys.argv[2])
torch.save(build(extra=True).state_dict(), sys.argv[3])
`;
    /** Loads the applied checkpoint into the renamed model, strictly, and compares every tensor with the old one. */
    const LOAD_APPLIED = `
import json, sys
sys.path.insert(0, sys.argv[1])
import torch
from check_models import build
old = torch.load(sys.argv[2])
new = torch.load(sys.argv[3])
model = build(trunk='backbone')
model.load_state_dict(new, strict=True)
same = all(torch.equal(new[k.replace('encoder.', 'backbone.', 1) if k.startswith('encoder.') else k], v) for k, v in old.items())
print(json.dumps({'loaded': True, 'same': same, 'keys': len(new)}))
`;

    it('the plan names its source as a manifest, and apply takes any checkpoint with the lock\'s keys without --force', async () => {
      const plan = join(dir, 'migrate-apply.json');
      const old = join(dir, 'old.pt');
      const other = join(dir, 'other.pt');
      const out = join(dir, 'migrated.pt');
      runPython(SAVE, [dir, old, other]);
      const c = await run(['check', m('base'), m('renamed'), '--plan-out', plan]);
      expect(c.code).toBe(0);
      const written = validatePlan(JSON.parse(readFileSync(plan, 'utf8')), plan);
      // the manifest is not the checkpoint: no digest apply would compare with the checkpoint's
      expect(written.source).toMatchObject({ file: 'base.json', kind: 'manifest', sha256: '' }); // named from the plan's folder

      const r = await run(['apply', old, plan, '-o', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(runPython(LOAD_APPLIED, [dir, old, out]))).toEqual({ loaded: true, same: true, keys: 16 });

      // a checkpoint whose keys are not the lock's is refused, saying why, and nothing is written
      const refused = await run(['apply', other, plan, '-o', join(dir, 'never.pt')]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('the plan was made from a manifest');
      expect(refused.stderr).toMatch(/2 key\(s\) the plan does not know \('neck\.weight', 'neck\.bias'\)/);
      expect(existsSync(join(dir, 'never.pt'))).toBe(false);
    });
  });
});

describe('sdmatch check --plan-out never replaces an input', () => {
  it('--plan-out naming CURRENT or BASELINE: exit 2, one line naming it, both untouched', async () => {
    const tmp = tempDir('check-guard');
    try {
      const current = join(tmp.dir, 'ddp.pt');
      const baseline = join(tmp.dir, 'lock.json');
      writeFileSync(current, readFileSync(join(repoRoot, 'fixtures/training/ddp.pt')));
      writeFileSync(baseline, readFileSync(join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json')));
      const before = [readFileSync(current), readFileSync(baseline)];
      for (const out of [current, baseline]) {
        const r = await run(['check', baseline, current, '--plan-out', out]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(`--plan-out ${out} would overwrite an input`);
      }
      expect([readFileSync(current), readFileSync(baseline)]).toEqual(before);
    } finally {
      tmp.cleanup();
    }
  });
});

