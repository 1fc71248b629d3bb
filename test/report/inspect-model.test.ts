import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { buildInspectModel, formatInspectJson, inspectJson } from '../../src/report/inspect-model.js';
import { FIXTURES, readTruths } from '../helpers/truth.js';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/** How inspect groups tensors: by the keys of the state dicts that name them, the rest by path. */
const fixture = (rel: string): string => join(repoRoot, 'fixtures', rel);
const rowsOf = (m: ReturnType<typeof buildInspectModel>) => m.groups.map((g) => ({ dict: g.dict, keys: g.rows.map((r) => r.key) }));

describe('buildInspectModel', () => {
  it('lists each state dict under its own keys, tensors outside any by full path', () => {
    const m = buildInspectModel(openCheckpoint(fixture('training/adam.pth')));
    const groups = rowsOf(m);
    expect(groups.map((g) => g.dict)).toEqual([['model'], null]);
    expect(groups[0]!.keys).toHaveLength(16);
    expect(groups[1]!.keys[0]).toBe('optimizer/state/0/step');
    expect(m.tensors).toHaveLength(46);
    expect(m.filter).toBeNull();
  });

  it('lists both state dicts of an EMA checkpoint in full', () => {
    const m = buildInspectModel(openCheckpoint(fixture('training/ema.pt')));
    const groups = rowsOf(m);
    expect(groups.map((g) => g.dict)).toEqual([['model'], ['model_ema']]);
    expect(groups[0]!.keys).toEqual(groups[1]!.keys);
  });

  it('a filter narrows the table rows and the JSON tensors alike', () => {
    const ck = openCheckpoint(fixture('training/var.pth'));
    const m = buildInspectModel(ck, { filter: /^fc\d\.weight$|norm/ });
    expect(rowsOf(m)).toEqual([
      { dict: ['trainer', 'var_wo_ddp'], keys: ['encoder.layer.0.norm.weight', 'encoder.layer.0.norm.bias', 'encoder.layer.1.norm.weight', 'encoder.layer.1.norm.bias'] },
      { dict: ['trainer', 'vae_local'], keys: ['fc1.weight', 'fc2.weight'] },
    ]);
    const json = inspectJson(m) as { tensors: { path: string[] }[]; tensorCount: number; filter: string };
    expect(json.tensors.map((t) => t.path.at(-1))).toEqual(['encoder.layer.0.norm.weight', 'encoder.layer.0.norm.bias', 'encoder.layer.1.norm.weight', 'encoder.layer.1.norm.bias', 'fc1.weight', 'fc2.weight']);
    expect(json.tensorCount).toBe(26);
    expect(json.filter).toBe('^fc\\d\\.weight$|norm');
  });

  it('a filter that matches nothing drops every group', () => {
    const m = buildInspectModel(openCheckpoint(fixture('training/var.pth')), { filter: /nothing-here/ });
    expect(m.groups).toEqual([]);
    expect(m.tensors).toEqual([]);
    expect(m.totals.tensors).toBe(26);
  });
});

describeWithTorch('buildInspectModel on files torch writes here', () => {
  const tmp = tempDir('inspect-model');
  let expected: { module_keys: string[]; tied: string[] };
  beforeAll(() => {
    expected = JSON.parse(runPython(`
import sys, json, torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))
m.scale = torch.ones(1)   # a plain tensor attribute: not in state_dict()
torch.save({'net': m, 'epoch': 1}, sys.argv[1])
t = torch.zeros(2)
torch.save({'a': t, 'b': t, 'c': torch.ones(1)}, sys.argv[2])
print(json.dumps({'module_keys': list(m.state_dict().keys()), 'tied': ['a', 'b', 'c']}))
`, [join(tmp.dir, 'module.pt'), join(tmp.dir, 'tied-keys.pt')])) as typeof expected;
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('a pickled nn.Module: its tensors listed under state_dict() keys, its other tensor attributes by path', () => {
    const m = buildInspectModel(openCheckpoint(join(tmp.dir, 'module.pt')));
    const groups = rowsOf(m);
    expect(groups[0]).toEqual({ dict: ['net'], keys: expected.module_keys });
    expect(groups[1]!.dict).toBeNull();
    expect(groups[1]!.keys).toEqual(['net/scale']);
    expect(m.stateDicts[0]).toMatchObject({ path: ['net'], count: expected.module_keys.length });
  });

  it('one tensor under two keys of a state dict: a row per key, one JSON tensor with an alias', () => {
    const m = buildInspectModel(openCheckpoint(join(tmp.dir, 'tied-keys.pt')));
    expect(rowsOf(m)).toEqual([{ dict: [], keys: expected.tied }]);
    const json = inspectJson(m) as { tensors: { path: string[]; aliases?: string[][] }[]; tensorCount: number };
    expect(json.tensorCount).toBe(2);
    expect(json.tensors.map((t) => [t.path, t.aliases ?? []])).toEqual([[['a'], [['b']]], [['c'], []]]);
  });
});

describe('formatInspectJson', () => {
  // every torch-written fixture (with its truth file), so every dtype, kind, view, alias and quantization is met
  const files = readTruths().map((t) => join(FIXTURES, t.truth.file));

  it('is inspectJson as text: the same document, one tensor a line', () => {
    for (const f of files) {
      const m = buildInspectModel(openCheckpoint(f));
      const text = formatInspectJson(m);
      expect(JSON.parse(text)).toEqual(inspectJson(m));
      const tensorLines = text.split('\n').filter((l) => l.startsWith('    {"path":'));
      expect(tensorLines).toHaveLength(m.tensors.length);
    }
  });
});
