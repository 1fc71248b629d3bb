import { describe, expect, it } from 'vitest';
import type { PyDict, PyValue } from '../../src/formats/pickle/values.js';
import { metadataOf, renameMetadata, withMetadata } from '../../src/apply/apply-metadata.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import type { PlanOp } from '../../src/plan/types.js';

const OD = { kind: 'global', module: 'collections', name: 'OrderedDict' } as const;
const version = (v: number): PyDict => ({ kind: 'dict', entries: [['version', v]] });
const meta = (entries: [string, number][]): PyDict => ({ kind: 'dict', cls: OD, entries: entries.map(([k, v]) => [k, version(v)]) });

function rename(m: PyDict, ops: PlanOp[], keys: string[]) {
  const { mapping, errors } = applyOpsToKeys(ops, keys.map((key) => ({ key, shape: null, dtype: null })));
  expect(errors).toEqual([]);
  const r = renameMetadata(m, ops, mapping);
  const out = r.metadata.entries.map(([k, v]) => [k, ((v as PyDict).entries[0]![1])]);
  return { out, dropped: r.dropped, renamed: r.renamed };
}

const CNN = ['features.0.weight', 'features.0.bias', 'features.1.weight', 'features.1.running_mean', 'classifier.weight'];

describe('_metadata renamed by the plan', () => {
  it("strip 'module.': module names follow their tensors, `module` becomes the root and wins over DDP's wrapper", () => {
    const m = meta([['', 1], ['module', 3], ['module.features', 1], ['module.features.0', 1], ['module.features.1', 2], ['module.features.2', 1], ['module.classifier', 1]]);
    const r = rename(m, [{ op: 'strip_prefix', prefix: 'module.' }], CNN.map((k) => `module.${k}`));
    // features.2 (a ReLU, no tensors) is renamed by the ops applied to its path
    expect(r.out).toEqual([['', 3], ['features', 1], ['features.0', 1], ['features.1', 2], ['features.2', 1], ['classifier', 1]]);
    expect(r.dropped).toEqual(['']);
  });

  it("add 'model.': the root gets the prefix", () => {
    const r = rename(meta([['', 1], ['features', 1], ['features.1', 2]]), [{ op: 'add_prefix', prefix: 'model.' }], CNN);
    expect(r.out).toEqual([['model', 1], ['model.features', 1], ['model.features.1', 2]]);
  });

  it("a rename anchored on parameter names (legacy DenseNet 'norm.1' → 'norm1') moves the module through its own tensors", () => {
    const keys = ['f.layer1.norm.1.weight', 'f.layer1.norm.1.running_var', 'f.layer1.conv.1.weight'];
    const ops: PlanOp[] = [{ op: 'rename', pattern: '^(.*layer\\d+\\.(?:norm|conv))\\.((?:[12])\\.(?:weight|bias|running_mean|running_var))$', replacement: '$1$2' }];
    const r = rename(meta([['f', 1], ['f.layer1', 1], ['f.layer1.norm.1', 2], ['f.layer1.conv.1', 1]]), ops, keys);
    expect(r.out).toEqual([['f', 1], ['f.layer1', 1], ['f.layer1.norm1', 2], ['f.layer1.conv1', 1]]);
  });

  it('containers whose children were renamed take the name their tensors share at the same depth', () => {
    const keys = ['enc.layer.0.attn.q.weight', 'enc.layer.0.attn.k.weight'];
    const ops: PlanOp[] = [
      { op: 'rename', pattern: '^enc\\.layer\\.', replacement: 'enc.blocks.' },
      { op: 'rename', pattern: '\\.attn\\.q\\.', replacement: '.attention.query.' },
      { op: 'rename', pattern: '\\.attn\\.k\\.', replacement: '.attention.key.' },
    ];
    const r = rename(meta([['enc.layer', 1], ['enc.layer.0.attn', 1], ['enc.layer.0.attn.q', 1]]), ops, keys);
    expect(r.out).toEqual([['enc.blocks', 1], ['enc.blocks.0.attention', 1], ['enc.blocks.0.attention.query', 1]]);
  });

  it('a module whose tensors were all dropped loses its entry', () => {
    const r = rename(meta([['features.1', 2], ['classifier', 1]]), [{ op: 'drop', pattern: '^classifier\\.', reason: 'head' }], CNN);
    expect(r.out).toEqual([['features.1', 2]]);
    expect(r.dropped).toEqual(['classifier']);
  });

  it('reads and replaces `_metadata` among the OrderedDict attributes, keeping the others', () => {
    const m = meta([['', 1]]);
    const sd: PyDict = { kind: 'dict', entries: [], cls: OD, attrs: { kind: 'dict', entries: [['other', 5], ['_metadata', m]] } };
    expect(metadataOf(sd)).toBe(m);
    const next = meta([['x', 2]]);
    const attrs = withMetadata(sd.attrs, next) as PyDict;
    expect(attrs.entries).toEqual([['other', 5], ['_metadata', next]] as [PyValue, PyValue][]);
    expect(metadataOf({ kind: 'dict', entries: [] })).toBeNull();
  });
});
