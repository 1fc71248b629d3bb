import { createHash } from 'node:crypto';
import { FileSource } from '../../src/formats/byte-source.js';
import { zipEntriesDigest } from '../../src/formats/zip/entries-digest.js';
import { openZip } from '../../src/formats/zip/reader.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSides } from '../../src/analysis/sides.js';
import { openKeySource } from '../../src/checkpoint/key-source.js';
import { keySetDigest } from '../../src/plan/key-set.js';
import { identityOf } from '../../src/plan/source-identity.js';
import { planJsonSchema } from '../../src/plan/schema.js';
import { checkPlanConsistency, validatePlan } from '../../src/plan/validate.js';
import type { Plan } from '../../src/plan/types.js';
import { repoRoot } from '../helpers/corpus.js';
import { validateJson, type JsonSchema } from '../helpers/json-schema.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/** A file as a plan file at `planFile` names it: from the plan file's folder, `/`-separated. */
const fromPlan = (planFile: string, file: string) => relative(dirname(planFile), file).split('\\').join('/');

/**
 * `sdmatch plan` end to end on the real pairs in fixtures/pairs (written by torch 1.13, with the
 * correct mapping recorded in each pair.json): the written plan validates, its mapping is the pair's,
 * its ops reproduce it, the emitters print code that (run by Python with torch) turns the checkpoint
 * into the reference state dict; bad input is one stderr line, exit 2, and no file left behind.
 */

const fx = (p: string) => join(repoRoot, 'fixtures', p);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Pair {
  name: string;
  source: string;
  select: (string | number)[];
  manifest: string;
  strict: { error_file: string };
  expected: { mapping: Plan['mapping']; unmapped: string[] };
  reference?: string;
}

const PAIRS: Pair[] = readdirSync(fx('pairs'))
  .filter((f) => f.endsWith('.pair.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(fx(`pairs/${f}`), 'utf8')) as Pair);
const pair = (name: string) => PAIRS.find((p) => p.name === name)!;

const explainSchema = JSON.parse(readFileSync(join(repoRoot, 'schemas/explain.schema.json'), 'utf8')) as Record<string, unknown> & { $defs: Record<string, unknown> };

function sourceKeys(p: Pair) {
  const r = resolveSides(openKeySource(fx(p.source)), openKeySource(fx(p.manifest)));
  return r.source.entries;
}

let n = 0;
const outPath = (name: string) => join(tmp, `${name}-${n++}.json`);

describe('sdmatch plan CHECKPOINT MANIFEST -o plan.json on every pair', () => {
  it('covers the pairs the fixtures README lists', () => {
    expect(PAIRS.map((p) => p.name)).toEqual(
      expect.arrayContaining(['ddp-vs-plain', 'lightning-vs-plain', 'var-nesting', 'classifier-head', 'renamed-submodule', 'densenet-legacy', 'gpt2-conv1d', 'fused-qkv', 'compile-prefix']),
    );
  });

  /** A zip source (torch.save's format) is also recorded by its directory's CRC-32s; a legacy file is not. */
  const entriesOf = (file: string): { entriesSha256?: string } => {
    if (readFileSync(file).subarray(0, 2).toString('latin1') !== 'PK') return {};
    const src = new FileSource(file);
    try {
      const d = zipEntriesDigest(openZip(src));
      return 'sha256' in d ? { entriesSha256: d.sha256 } : {};
    } finally {
      src.close();
    }
  };

  for (const p of PAIRS) {
    it(`${p.name}: a valid plan whose mapping is the pair's and whose ops reproduce it`, async () => {
      const out = outPath(p.name);
      const r = await runCli(['plan', fx(p.source), fx(p.manifest), '-o', out]);
      expect(r.stderr).toBe('');
      const plan = validatePlan(JSON.parse(readFileSync(out, 'utf8')), out);
      expect(plan.mapping).toEqual(p.expected.mapping);
      expect([...plan.unmapped].sort()).toEqual([...p.expected.unmapped].sort());
      expect(checkPlanConsistency(plan, sourceKeys(p))).toEqual([]);
      // named from the plan file's folder (src/plan/plan-paths.ts)
      expect(plan.paths).toBe('relative-to-plan');
      expect(plan.source).toEqual({
        file: fromPlan(out, fx(p.source)),
        size: readFileSync(fx(p.source)).length,
        sha256: createHash('sha256').update(readFileSync(fx(p.source))).digest('hex'),
        // the file's identity when plan hashed it, for a single file that had settled (test/plan/source-identity.test.ts)
        ...(plan.source.identity ? { identity: identityOf(statSync(fx(p.source), { bigint: true })) } : {}),
        ...entriesOf(fx(p.source)),
        select: p.select,
        kind: 'checkpoint',
        // the key set it was made for (names, shapes, dtypes): another snapshot of the run fits the plan
        keySet: keySetDigest(sourceKeys(p)),
      });
      expect(plan.target).toEqual({ file: fromPlan(out, fx(p.manifest)), keys: Object.keys((JSON.parse(readFileSync(fx(p.manifest), 'utf8')) as { tensors: object }).tensors).length });
      // exit 0 exactly when nothing but counters BatchNorm fills stays missing
      const complete = p.expected.unmapped.every((k) => k.endsWith('num_batches_tracked'));
      expect(r.code).toBe(complete ? 0 : 1);
      expect(r.stdout).toContain(`wrote ${out}`);
    });
  }
});

describe('sdmatch plan: what a person reads', () => {
  it('DDP: the op, its key count and confidence, then nothing left', async () => {
    const r = await runCli(['plan', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  - every checkpoint key carries an extra `module.` prefix: strip it');
    expect(r.stdout).toMatch(/\n\s+1\s+strip_prefix\s+'module\.'\s+16\s+0\.\d\d\s+16 keys, shapes equal/);
    expect(r.stdout).toContain('after the plan: 0 missing, 0 unexpected');
    expect(r.stdout).toContain('the plan explains every difference');
    expect(r.stdout).not.toContain('wrote');
  });

  it('classifier head of another class count: dropped with the reason; the head stays missing (exit 1)', async () => {
    const r = await runCli(['plan', fx('remap/classifier-10.pt'), fx('pairs/classifier-head.manifest.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\s1\s+drop\s+\^classifier\\\.\s+2\s+0\.90\s+classifier\.weight \[10, 16\] vs \[5, 16\]/);
    expect(r.stdout).toContain('after the plan: 2 missing, 0 unexpected\n\nmissing (2): the model expects them, nothing in the checkpoint becomes them\n  classifier.{weight,bias}  (2 keys)');
  });

  it('legacy DenseNet: the renames, then the counters BatchNorm fills set apart (exit 0)', async () => {
    const r = await runCli(['plan', fx('remap/densenet-legacy.pt'), fx('pairs/densenet-legacy.manifest.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('num_batches_tracked (6): not in the checkpoint; BatchNorm fills them in when loading');
  });

  it('--json: the whole result, valid against schemas/explain.schema.json, its plan the plan format', async () => {
    for (const p of [pair('ddp-vs-plain'), pair('fused-qkv'), pair('classifier-head')]) {
      const r = await runCli(['plan', fx(p.source), fx(p.manifest), '--json']);
      const json = JSON.parse(r.stdout) as { plan: unknown; input: string; fix: string | null };
      expect(validateJson(explainSchema as JsonSchema, json)).toEqual([]);
      expect(validatePlan(json.plan, 'stdout').mapping).toEqual(p.expected.mapping);
      expect(json.input).toBe('keys');
    }
  });

  it('schemas/explain.schema.json embeds exactly the plan schema', () => {
    const { $schema: _s, $id: _i, ...plan } = planJsonSchema;
    expect(explainSchema.$defs.plan).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('an error text alone as SOURCE plans like explain, and the plan names the text', async () => {
    const out = outPath('from-error');
    const r = await runCli(['plan', fx('pairs/ddp-vs-plain.error.txt'), '-o', out]);
    expect(r.code).toBe(0);
    const plan = validatePlan(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(plan.ops).toMatchObject([{ op: 'strip_prefix', prefix: 'module.' }]);
    // an error text is no checkpoint: its plan records the text and no digest apply could compare
    expect(plan.source).toEqual({ file: fromPlan(out, fx('pairs/ddp-vs-plain.error.txt')), size: statSync(fx('pairs/ddp-vs-plain.error.txt')).size, sha256: '', select: [], kind: 'error-text' });
  });

  it('two manifests: the plan names a manifest as its source, with no digest (apply then checks the checkpoint\'s keys)', async () => {
    const out = outPath('from-manifests');
    const lock = fx('pairs/renamed-submodule.manifest.json');
    const r = await runCli(['plan', lock, fx('pairs/ddp-vs-plain.manifest.json'), '-o', out]);
    expect(r.stderr).toBe('');
    const plan = validatePlan(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(plan.source).toEqual({ file: fromPlan(out, lock), size: statSync(lock).size, sha256: '', select: [], kind: 'manifest', keySet: expect.objectContaining({ count: 22 }) });
  });

  it('a checkpoint and its error text: a plan over the whole state dict, which apply can use', async () => {
    const out = outPath('ckpt-error');
    const r = await runCli(['plan', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.error.txt'), '-o', out]);
    expect(r.code).toBe(0);
    const plan = validatePlan(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(plan.mapping).toEqual(pair('ddp-vs-plain').expected.mapping);
  });

  it('--select picks the state dict; --no-hash records no digest', async () => {
    const out = outPath('select');
    const r = await runCli(['plan', fx('training/lightning.ckpt'), fx('pairs/lightning-vs-plain.manifest.json'), '--select', 'state_dict', '--no-hash', '-o', out]);
    expect(r.code).toBe(0);
    const plan = validatePlan(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(plan.source).toMatchObject({ select: ['state_dict'], sha256: '' });
  });

  it('reads standard input for one side', async () => {
    const r = await runCli(['plan', '-', '--json'], { stdin: readFileSync(fx('pairs/ddp-vs-plain.error.txt'), 'utf8') });
    const json = JSON.parse(r.stdout) as { plan: Plan; input: string };
    expect(json.input).toBe('error-only');
    expect(json.plan.source.file).toBe('<stdin>');
  });
});

describe('sdmatch plan --emit', () => {
  it('python: a function over a state dict with re', async () => {
    const r = await runCli(['plan', fx('training/lightning.ckpt'), fx('pairs/lightning-vs-plain.manifest.json'), '--emit', 'python']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('def remap_state_dict(state_dict):');
    expect(r.stdout).toContain("    sd = {(k[6:] if k.startswith('model.') else k): v for k, v in sd.items()}");
    expect(r.stdout).not.toContain('after the plan');
  });

  it('hf: a transformers key_mapping dict', async () => {
    const r = await runCli(['plan', fx('training/compile-prefix.pt'), fx('pairs/compile-prefix.manifest.json'), '--emit', 'hf']);
    expect(r.stdout).toContain("key_mapping = {\n    r'^_orig_mod\\.': '',\n}");
    expect(r.code).toBe(0);
  });

  it('hf / mmengine: an op the list cannot express is exit 1, said on stderr\'s first line (review 17 F7)', async () => {
    const text = readFileSync(fx('pairs/gpt2-conv1d.error.txt'), 'utf8');
    for (const emit of ['hf', 'mmengine']) {
      const r = await runCli(['plan', '-', '--emit', emit], { stdin: text });
      expect(r.code, emit).toBe(1);
      expect(r.stderr.split('\n')[0], emit).toMatch(new RegExp(`^sdmatch: --emit ${emit} cannot express \\d+ of the plan's ops \\(transpose`));
    }
  });

  it('a drop the text points away from says so in the emitted code, never "unused by this model" (review8 p6)', async () => {
    // an adapter in every BERT layer, nothing else of those layers listed: the text decides the model lacks them
    const text = 'RuntimeError: Error(s) in loading state_dict for BertModel:\n\tUnexpected key(s) in state_dict: "encoder.layer.0.adapter.down.weight", "encoder.layer.0.adapter.down.bias", "encoder.layer.0.adapter.up.weight", "encoder.layer.0.adapter.up.bias", "encoder.layer.1.adapter.down.weight", "encoder.layer.1.adapter.down.bias", "encoder.layer.1.adapter.up.weight", "encoder.layer.1.adapter.up.bias". ';
    for (const emit of ['python', 'mmengine', 'hf']) {
      const r = await runCli(['plan', '-', '--emit', emit], { stdin: text });
      expect(r.code).toBe(1);
      expect(r.stdout, emit).not.toMatch(/unused by this model/);
      expect(r.stdout, emit).toMatch(/NOT A SETTLED FIX: the text points to another reading \(model_lacks: build the model so that it has them/);
      expect(r.stdout, emit).toMatch(/loses trained weights/);
    }
    const j = JSON.parse((await runCli(['plan', '-', '--json'], { stdin: text })).stdout) as { plan: { ops: { op: string; reason?: string }[] } };
    expect(j.plan.ops.find((o) => o.op === 'drop')!.reason).toMatch(/^NOT A SETTLED FIX/);
    // and as data, which apply refuses without --allow-guessed-drops
    expect(j.plan.ops.filter((o) => o.op === 'drop').every((o) => (o as { unsettled?: boolean }).unsettled === true)).toBe(true);
  });

  it('mmengine: a revise_keys list, and what it cannot say as comments', async () => {
    const r = await runCli(['plan', fx('remap/classifier-10.pt'), fx('pairs/classifier-head.manifest.json'), '--emit', 'mmengine']);
    expect(r.stdout).toContain('revise_keys = [\n]');
    expect(r.stdout).toContain('#   drop ^classifier\\. (classifier.weight [10, 16] vs [5, 16]');
    expect(r.code).toBe(1);
  });
});

describeWithTorch('the emitted Python, run by torch 1.13 on the fixture checkpoints', () => {
  const APPLY = `
import json, sys, torch
ns = {}
exec(open(sys.argv[1]).read(), ns)
ck = torch.load(sys.argv[2], map_location='cpu')
for p in json.loads(sys.argv[3]):
    ck = ck[p]
out = ns['remap_state_dict'](ck)
ref = torch.load(sys.argv[4], map_location='cpu')
same = [k for k in out if k in ref and out[k].shape == ref[k].shape and torch.equal(out[k], ref[k])]
print(json.dumps({'keys': list(out), 'same': same, 'ref': list(ref)}))
`;
  for (const name of ['ddp-vs-plain', 'lightning-vs-plain', 'var-nesting', 'renamed-submodule', 'densenet-legacy', 'gpt2-conv1d', 'fused-qkv', 'compile-prefix']) {
    it(`${name}: remap_state_dict gives the reference state dict`, async () => {
      const p = pair(name);
      const r = await runCli(['plan', fx(p.source), fx(p.manifest), '--emit', 'python']);
      const file = join(tmp, `${name}.py`);
      writeFileSync(file, r.stdout);
      const res = JSON.parse(runPython(APPLY, [file, fx(p.source), JSON.stringify(p.select), fx(p.reference!)])) as { keys: string[]; same: string[]; ref: string[] };
      // every tensor the function yields is the reference's, value for value
      expect(res.same.sort()).toEqual([...res.keys].sort());
      // and only counters BatchNorm fills in are left for the model to supply
      expect(res.ref.filter((k) => !res.keys.includes(k)).every((k) => k.endsWith('num_batches_tracked'))).toBe(true);
    });
  }
});

describe('sdmatch plan: bad input is one line on stderr, exit 2, no output and no file', () => {
  async function fails(argv: string[], message: RegExp, opts: { stdin?: string } = {}) {
    const r = await runCli(argv, opts);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  }

  it('a missing file', async () => {
    await fails(['plan', fx('nope.pt'), fx('pairs/ddp-vs-plain.manifest.json')], /nope\.pt: no such file/);
  });

  it('-o into a folder that does not exist: nothing written anywhere', async () => {
    const out = join(tmp, 'missing-dir', 'plan.json');
    await fails(['plan', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json'), '-o', out], /missing-dir\/plan\.json: cannot write: no such folder/);
    expect(existsSync(join(tmp, 'missing-dir'))).toBe(false);
  });

  it('a failure after -o leaves no plan file behind', async () => {
    const out = join(tmp, 'never.json');
    await fails(['plan', fx('training/ddp.pt'), fx('nope.json'), '-o', out], /nope\.json: no such file/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('never'))).toEqual([]);
  });

  it('-o naming an input', async () => {
    await fails(['plan', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json'), '-o', fx('training/ddp.pt')], /would overwrite an input/);
  });

  it('an error text that names no key', async () => {
    await fails(['plan', '-'], /<stdin>: the error text names no missing, unexpected or size-mismatched key/, { stdin: 'RuntimeError: Error(s) in loading state_dict for Net:\n' });
  });

  it('text with nothing recognisable', async () => {
    await fails(['plan', '-'], /not a checkpoint, an sdmatch manifest, a load_state_dict error text, or a list of keys/, { stdin: 'hello, world!\n' });
  });

  it('a checkpoint alone, two error texts, conflicting options, an out-of-range confidence', async () => {
    await fails(['plan', fx('training/ddp.pt')], /is a checkpoint: name what the model expects too/);
    await fails(['plan', fx('pairs/ddp-vs-plain.error.txt'), fx('pairs/classifier-head.error.txt')], /both sides are error texts/);
    await fails(['plan', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json'), '--json', '--emit', 'hf'], /--json and --emit/);
    await fails(['plan', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json'), '--min-confidence', '2'], /--min-confidence: expected a number from 0 to 1, got 2/);
    await fails(['plan', fx('pairs/ddp-vs-plain.manifest.json'), fx('training/ddp.pt'), '--select', 'x'], /--select picks a state dict inside a checkpoint/);
  });
});
