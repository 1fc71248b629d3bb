import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { emitPython, emitPythonOneLiner, pyReplacement } from '../../src/report/emit-python.js';
import { pyStr } from '../../src/formats/python-source.js';
import { emitHf, hfKeyMapping, applyHfKeyMapping } from '../../src/report/emit-hf.js';
import { emitMmengine } from '../../src/report/emit-mmengine.js';
import { inferPlan } from '../../src/analysis/infer/index.js';
import { makePlan } from '../../src/plan/schema.js';
import type { Plan } from '../../src/plan/types.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import * as L from '../analysis/infer/layouts.js';
import { applyOpsToKeys, type Recipe } from '../../src/analysis/op-keys.js';
import { fastTier } from '../helpers/tier.js';
import { describeWithTorch } from '../helpers/torch.js';

const PY = '/usr/bin/python3';

/** The emitted module without its `__main__` block (which reads IN and OUT from the command line): its functions, to call here. */
function functionsOf(plan: Plan, name?: string): string {
  const code = emitPython(plan, name);
  const at = code.indexOf("\nif __name__ == '__main__':");
  expect(at).toBeGreaterThan(0);
  return code.slice(0, at);
}
const hasPython = existsSync(PY);

function planFor(source: KeyEntry[], target: KeyEntry[]): Plan {
  return makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: target.length }, inferPlan({ source, target }));
}

/** Runs Python code that defines remap over a dict {key: key} and prints the result as JSON. */
function runPython(code: string, call: string, keys: string[]): Record<string, unknown> {
  const script = `${code}\nimport json, sys\nsd = {k: k for k in json.loads(sys.stdin.read())}\nprint(json.dumps(${call}))\n`;
  return JSON.parse(execFileSync(PY, ['-c', script], { input: JSON.stringify(keys), encoding: 'utf8' }));
}

describe('python spelling', () => {
  test('strings and replacements', () => {
    expect(pyStr('^a\\.b')).toBe("r'^a\\.b'");
    expect(pyStr("it's")).toBe("'it\\'s'");
    expect(pyReplacement('model.layers.$1.x$$')).toBe('model.layers.\\g<1>.x$');
  });

  test('one-liners for single-op plans', () => {
    expect(emitPythonOneLiner(planFor(L.withPrefix('module.', L.resnet18()), L.resnet18()))).toBe(
      "state_dict = {(k[7:] if k.startswith('module.') else k): v for k, v in state_dict.items()}",
    );
    expect(emitPythonOneLiner(planFor(L.metaLlama(), L.hfLlama()))).toBeNull();
  });
});

/** pycls stages and blocks (`s1.b1.f.a`) and MMDetection's (`layer1.0.conv1`), 2-3-2 blocks deep */
function pyclsRegNet(): [KeyEntry[], KeyEntry[]] {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  [2, 3, 2].forEach((depth, s) => {
    const w = 8 * (s + 1);
    for (let b = 0; b < depth; b++) {
      for (const [from, to, shape] of [['f.a.weight', 'conv1.weight', [w, w, 1, 1]], ['f.a_bn.weight', 'bn1.weight', [w]], ['f.a_bn.bias', 'bn1.bias', [w]]] as const) {
        source.push({ key: `s${s + 1}.b${b + 1}.${from}`, shape: [...shape], dtype: 'float32' });
        target.push({ key: `layer${s + 1}.${b}.${to}`, shape: [...shape], dtype: 'float32' });
      }
    }
  });
  return [source, target];
}

describe.runIf(hasPython)('emitted code gives the plan\'s mapping in real Python', () => {
  const cases: [string, KeyEntry[], KeyEntry[]][] = [
    ['DDP', L.withPrefix('module.', L.resnet18()), L.resnet18()],
    ['Llama', L.metaLlama(2), L.hfLlama(2)],
    ['ViT head', L.withPrefix('module.', L.timmVit(21843)), L.timmVit(6)],
    ['HF ViT', L.hfVit(), L.timmVit()],
    // indices glued to names, re-based: `^s(\d+)\.b(\d+)\.` → `layer$1.${2-1}.` (a lambda in Python and MMEngine)
    ['pycls RegNet', ...pyclsRegNet()],
  ];
  /** keys a key-only harness can follow: not joined into or split from other tensors */
  const nameOnly = (plan: Plan) => {
    // what the ops join or cut, by pattern or by key: the executor's own outputs say
    const outputs = applyOpsToKeys(plan.ops, Object.keys(plan.mapping).map((key) => ({ key, shape: null, dtype: null }))).outputs;
    const cutOrJoined = (r: Recipe): boolean => r.kind === 'concat' || r.kind === 'split' || ((r.kind === 'transpose' || r.kind === 'reshape') && cutOrJoined(r.of));
    const joined = new Set(outputs.filter((o) => cutOrJoined(o.recipe)).map((o) => o.key));
    return Object.entries(plan.mapping).filter((e): e is [string, string] => typeof e[1] === 'string' && !joined.has(e[1]));
  };
  for (const [name, source, target] of cases) {
    // joins and splits need real tensors: the torch test below covers them
    const needsTensors = planFor(source, target).ops.some((o) => o.op === 'concat' || o.op === 'split');
    test.skipIf(needsTensors)(`--emit python: ${name}`, () => {
      const plan = planFor(source, target);
      const out = runPython(functionsOf(plan), 'sorted(remap_state_dict(sd).items())', source.map((s) => s.key)) as unknown as [string, string][];
      const want = nameOnly(plan)
        .map(([s, t]) => [t, s])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
      expect(out).toEqual(want);
    });

    test(`--emit hf: ${name} (transformers' first-match semantics)`, () => {
      const plan = planFor(source, target);
      const code = emitHf(plan);
      const script = `import re\n${code}\ndef remap(sd):\n    out = {}\n    for k, v in sd.items():\n        nk = k\n        for p, r in key_mapping.items():\n            nk, n = re.subn(p, r, k)\n            if n > 0:\n                break\n        out[nk] = v\n    return out\n`;
      const out = runPython(script, 'remap(sd)', source.map((s) => s.key));
      for (const [s, t] of nameOnly(plan)) expect(out[t]).toBe(s);
    });

    test(`--emit mmengine: ${name} (pipeline of re.sub)`, () => {
      const plan = planFor(source, target);
      const script = `import re\n${emitMmengine(plan)}\ndef remap(sd):\n    for p, r in revise_keys:\n        sd = {re.sub(p, r, k): v for k, v in sd.items()}\n    return sd\n`;
      const out = runPython(script, 'remap(sd)', source.map((s) => s.key));
      for (const [s, t] of nameOnly(plan)) expect(out[t]).toBe(s);
    });
  }

  // importing torch costs a second of CPU: not in the fast tier (vitest.config.ts)
  test.skipIf(fastTier)('splits, joins and transposes run with torch', () => {
    const plan = planFor(L.torchMha(1, 2), L.splitMha(1, 2));
    const gptSource = L.hfGpt2(1, 8);
    const gpt = planFor(gptSource, L.nanoGpt(1, 8));
    const zeros = gptSource.map((x) => `${JSON.stringify(x.key)}: torch.zeros(${x.shape!.join(', ')})`).join(', ');
    const mha = L.torchMha(1, 2).map((x) => `${JSON.stringify(x.key)}: torch.arange(${x.shape!.reduce((a, b) => a * b, 1)}.).reshape(${x.shape!.join(', ')})`).join(', ');
    const code = `${functionsOf(plan)}\n${functionsOf(gpt, 'remap_gpt')}\nimport torch\nout = remap_state_dict({${mha}})\nprint(out['encoder.layers.0.self_attn.k_proj.weight'].tolist())\ng = remap_gpt({${zeros}})\nprint(list(g['transformer.h.0.attn.c_attn.weight'].shape))\n`;
    const printed = execFileSync(PY, ['-c', code], { encoding: 'utf8' }).trim().split('\n');
    expect(printed[0]).toBe('[[4.0, 5.0], [6.0, 7.0]]');
    expect(printed[1]).toBe('[24, 8]');
  });
});

describeWithTorch('tensor ops by pattern in real torch', () => {
  test('a transpose and a reshape by pattern, a reshape by key', () => {
    const plan: Plan = {
      format: 'sdmatch-plan', version: 1,
      source: { file: 'x', size: 0, sha256: '', select: [] }, target: { file: 'm', keys: 3 },
      ops: [
        { op: 'transpose', pattern: '^h\\.\\d+\\.w$', dims: [1, 0] },
        { op: 'reshape', pattern: '^q$', shape: [2, 2] },
        { op: 'reshape', key: 'cls', shape: [1, 1, 3] },
      ],
      mapping: { 'h.0.w': 'h.0.w', q: 'q', cls: 'cls' }, unmapped: [],
    };
    const code = `${functionsOf(plan)}\nimport torch\nout = remap_state_dict({'h.0.w': torch.arange(6.).reshape(2, 3), 'q': torch.zeros(2, 2, 1, 1), 'cls': torch.zeros(3)})\nprint(out['h.0.w'].tolist(), list(out['q'].shape), list(out['cls'].shape))\n`;
    expect(execFileSync(PY, ['-c', code], { encoding: 'utf8' }).trim()).toBe('[[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]] [2, 2] [1, 1, 3]');
  });

  test('a split by pattern (version 2) cuts every layer\'s fused tensor into that layer\'s targets', () => {
    const plan = planFor(L.torchMha(3, 2), L.splitMha(3, 2));
    expect(plan.ops.filter((o) => o.op === 'split' && o.pattern !== undefined)).toHaveLength(2);
    const tensors = L.torchMha(3, 2).map((x) => `${JSON.stringify(x.key)}: torch.arange(${x.shape!.reduce((a, b) => a * b, 1)}.).reshape(${x.shape!.join(', ')})`).join(', ');
    const code = `${functionsOf(plan)}\nimport torch\nout = remap_state_dict({${tensors}})\nprint(sorted(out) == sorted(${JSON.stringify(L.splitMha(3, 2).map((x) => x.key))}), out['encoder.layers.2.self_attn.v_proj.weight'].tolist())\n`;
    expect(execFileSync(PY, ['-c', code], { encoding: 'utf8' }).trim()).toBe('True [[8.0, 9.0], [10.0, 11.0]]');
  });
});

describeWithTorch('a stack (version 2) in real torch', () => {
  test('--emit python stacks per-expert weights by layer, in index order', () => {
    const plan: Plan = {
      format: 'sdmatch-plan', version: 2,
      source: { file: 'x', size: 0, sha256: '', select: [] }, target: { file: 'm', keys: 2 },
      ops: [{ op: 'stack', pattern: '^l\\.(\\d+)\\.e\\.(\\d+)\\.w$', index: 2, dim: 0, target: 'blk.$1.exps' }],
      mapping: {}, unmapped: [],
    };
    const tensors = [0, 1].flatMap((l) => [2, 0, 1].map((e) => `'l.${l}.e.${e}.w': torch.full((2,), ${10 * l + e}.)`)).join(', ');
    const code = `${functionsOf(plan)}\nimport torch\nout = remap_state_dict({${tensors}})\nprint(sorted(out), out['blk.1.exps'][:, 0].tolist())\n`;
    expect(execFileSync(PY, ['-c', code], { encoding: 'utf8' }).trim()).toBe("['blk.0.exps', 'blk.1.exps'] [10.0, 11.0, 12.0]");
  });
});

describe('hf key_mapping', () => {
  test('composes a prefix op with a rename into one entry and checks itself', () => {
    const plan = planFor(L.withPrefix('module.', L.metaLlama(2)), L.hfLlama(2));
    const { entries, notExpressible } = hfKeyMapping(plan);
    for (const [s, t] of Object.entries(plan.mapping)) if (typeof t === 'string') expect(applyHfKeyMapping(entries, s)).toBe(t);
    // what a key_mapping cannot say is listed: drops (Meta's rope.freqs, where the plan drops it; with the attention's
    // look-alikes listed, not guessed (anchor-slots.ts), the plan leaves it over instead: the next test holds a drop)
    expect(notExpressible).toEqual(plan.ops.filter((o) => o.op === 'drop').map((o) => `drop ${o.pattern}`));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(plan.ops.length + 1);
  });

  test('drops are listed as not expressible', () => {
    const text = emitHf(planFor(L.withPrefix('module.', L.timmVit(21843)), L.timmVit(6)));
    expect(text).toContain("r'^module\\.': '',");
    expect(text).toContain('#   drop ^head\\.');
  });
});

describe.runIf(hasPython)('plan version 2 ops in the emitters, run in real Python', () => {
  // a flat list regrouped into stages of three, plus a tied head
  const keys = Array.from({ length: 7 }, (_, i) => `blocks.${i}.w`).concat(['emb.weight']);
  const ops: Plan['ops'] = [{ op: 'rename', pattern: '^blocks\\.(\\d+)\\.', replacement: 'stages.${1//3}.blocks.${1%3}.' }];
  const plan = makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: 9 }, {
    ops: [...ops, { op: 'copy', key: 'emb.weight', target: 'head.weight' }],
    mapping: Object.fromEntries(keys.map((k) => [k, k === 'emb.weight' ? ['emb.weight', 'head.weight'] : k.replace(/^blocks\.(\d+)\./, (_m, i: string) => `stages.${Math.floor(Number(i) / 3)}.blocks.${Number(i) % 3}.`)])),
    unmapped: [],
  });
  const want = (k: string) => plan.mapping[k];

  test('--emit python: arithmetic as a lambda, the copy as a second name for the same value', () => {
    const out = runPython(functionsOf(plan), 'remap_state_dict(sd)', keys);
    for (const k of keys.slice(0, 7)) expect(out[want(k) as string]).toBe(k);
    expect(out['head.weight']).toBe('emb.weight');
    expect(out['emb.weight']).toBe('emb.weight');
  });

  test('--emit mmengine: re.sub with a callable; the copy is said to be inexpressible', () => {
    const code = emitMmengine(plan);
    expect(code).toMatch(/# Not expressible in revise_keys[^\n]*\n#\s+copy emb\.weight → head\.weight/);
    const script = `import re\n${code}\ndef remap(sd):\n    for p, r in revise_keys:\n        sd = {re.sub(p, r, k): v for k, v in sd.items()}\n    return sd\n`;
    const out = runPython(script, 'remap(sd)', keys);
    for (const k of keys.slice(0, 7)) expect(out[want(k) as string]).toBe(k);
  });

  test('--emit hf: no arithmetic in a key_mapping, so those keys get exact entries', () => {
    const { entries, notExpressible } = hfKeyMapping(plan);
    expect(entries.every((e) => !e.replacement.includes('${'))).toBe(true);
    expect(notExpressible).toContain('copy emb.weight → head.weight');
    // and the comment says why those keys are listed one by one
    expect(notExpressible.some((n) => n.includes('stages.${1//3}.blocks.${1%3}.') && n.includes('index arithmetic'))).toBe(true);
    for (const k of keys.slice(0, 7)) expect(applyHfKeyMapping(entries, k)).toBe(want(k));
  });
});

describe('plan version 3 concat by pattern in the emitters that cannot join tensors', () => {
  const keys = [0, 1].flatMap((i) => ['q', 'k', 'v'].map((p) => `layers.${i}.attn.${p}.weight`)).concat(['norm.weight']);
  const concat: Extract<Plan['ops'][number], { op: 'concat' }> = { op: 'concat', pattern: '^layers\\.(\\d+)\\.attn\\.(q|k|v)\\.weight$', part: 2, parts: ['q', 'k', 'v'], dim: 0, target: 'layers.$1.qkv.weight' };
  const plan = makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: 3 }, {
    ops: [{ op: 'rename', pattern: '^norm\\.', replacement: 'final_norm.' }, concat],
    mapping: Object.fromEntries(keys.map((k) => [k, k === 'norm.weight' ? 'final_norm.weight' : `layers.${k.split('.')[1]}.qkv.weight`])),
    unmapped: [],
  });

  test('--emit mmengine and --emit hf name the concat as inexpressible, and keep the renames they can say', () => {
    const code = emitMmengine(plan);
    expect(code).toContain("(r'^norm\\.', 'final_norm.'),");
    expect(code).toMatch(/# Not expressible in revise_keys[^\n]*\n#\s+concat \^layers\\\.\(\\d\+\)\\\.attn\\\.\(q\|k\|v\)\\\.weight\$ → layers\.\$1\.qkv\.weight/);
    const { entries, notExpressible } = hfKeyMapping(plan);
    expect(notExpressible).toContain(`concat ${concat.pattern} → ${concat.target}`);
    expect(applyHfKeyMapping(entries, 'norm.weight')).toBe('final_norm.weight');
    // no entry renames a joined key to the joined name (they would overwrite one another): said instead
    expect(applyHfKeyMapping(entries, 'layers.0.attn.q.weight')).toBe('layers.0.attn.q.weight');
    expect(notExpressible).toContain('6 keys are joined into 2 tensors (`layers.{i}.qkv.weight`): a key_mapping gives each key one name of its own');
    expect(emitHf(plan)).toContain(`concat ${concat.pattern} → ${concat.target}`);
  });

  test('--emit python: torch.cat per group in the order of parts', () => {
    const code = emitPython(plan);
    expect(code).toContain("groups.setdefault(pattern.sub(r'layers.\\g<1>.qkv.weight', m.group(0), count=1), {})[m.group(2)] = k");
    expect(code).toContain("sd[name] = torch.cat([sd.pop(parts[p]) for p in ['q', 'k', 'v']], dim=0)");
  });
});

describe('plan version 3 reshape by trailing 1s in the emitters', () => {
  const keys = [0, 1].map((i) => `b.${i}.fc.weight`).concat(['norm.weight']);
  const reshape: Extract<Plan['ops'][number], { op: 'reshape' }> = { op: 'reshape', pattern: '^b\\.\\d+\\.fc\\.weight$', addTrailingOnes: 2 };
  const plan = makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: 3 }, {
    ops: [{ op: 'rename', pattern: '^norm\\.', replacement: 'final_norm.' }, reshape],
    mapping: Object.fromEntries(keys.map((k) => [k, k === 'norm.weight' ? 'final_norm.weight' : k])),
    unmapped: [],
  });

  test('--emit mmengine and --emit hf list it as inexpressible; --emit python reshapes each tensor from its own shape', () => {
    expect(emitMmengine(plan)).toMatch(/# Not expressible in revise_keys[^\n]*\n#\s+reshape \^b/);
    expect(hfKeyMapping(plan).notExpressible).toContain(`reshape ${reshape.pattern}`);
    const code = emitPython(plan);
    expect(code).toContain('sd = {k: (v.reshape(tuple(v.shape) + (1,) * 2) if pattern.search(k) else v) for k, v in sd.items()}');
    const back = emitPython({ ...plan, ops: [{ op: 'reshape', key: 'b.0.fc.weight', removeTrailingOnes: 2 }] });
    expect(back).toContain("sd['b.0.fc.weight'] = sd['b.0.fc.weight'].reshape(tuple(sd['b.0.fc.weight'].shape)[:-2])");
  });
});

describe('--emit python: a guessed drop raises unless allow_guessed_drops (review9 A #2)', () => {
  const src = { file: 'ckpt.pt', size: 0, sha256: '', select: [] };
  const withDrop = (drop: Extract<Plan['ops'][number], { op: 'drop' }>) => makePlan(src, { file: 'model', keys: 1 }, {
    ops: [drop],
    mapping: { 'body.w': 'body.w', 'adapter.w': null },
    unmapped: [],
  });
  test('a plan written before the unsettled field (its reason\'s NOT A SETTLED FIX only) is guarded too', () => {
    const old = emitPython(withDrop({ op: 'drop', pattern: '^adapter\\.', reason: 'NOT A SETTLED FIX: the text points to another reading' }));
    expect(old).toContain('def remap_state_dict(state_dict, allow_guessed_drops=False):');
    expect(old).toMatch(/ {4}if not allow_guessed_drops:\n {8}raise ValueError\(r?'drop \^adapter.*: a guessed drop/);
    expect(old).toContain("allow_guessed_drops='--allow-guessed-drops' in sys.argv[3:]");
    const settled = emitPython(withDrop({ op: 'drop', pattern: '^adapter\\.', reason: 'a head the model does not have' }));
    expect(settled).toContain('def remap_state_dict(state_dict):');
    expect(settled).not.toContain('allow_guessed_drops');
  });
});
