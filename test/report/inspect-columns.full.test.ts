import { closeSync, copyFileSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint, openForReport } from '../../src/checkpoint/open.js';
import { readCheckpointFile } from '../../src/checkpoint/read-file.js';
import { FileSource } from '../../src/formats/byte-source.js';
import { FormatError } from '../../src/formats/errors.js';
import type { PyValue } from '../../src/formats/pickle/values.js';
import { openZip } from '../../src/formats/zip/reader.js';
import { buildColumnarInspectModel } from '../../src/report/inspect-columns.js';
import { buildInspectModel, formatInspectJson, type InspectModel, type InspectOptions } from '../../src/report/inspect-model.js';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/corpus.js';
import { expectSameReports, filesUnder } from '../helpers/inspect-agree.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { editZipEntry } from '../helpers/zip-edit.js';

/**
 * `inspect` reads a flat torch.save state dict into columns (openForReport) and anything else as a
 * tree. The report must not depend on the way: for every file the columns take, the JSON text, the
 * table (plain, verbose, --all, --tree) and the model's records equal the tree reading's.
 */

function isZip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head[0] === 0x50 && head[1] === 0x4b;
  } finally {
    closeSync(fd);
  }
}

/**
 * 'columns' when the columns took the file (and agreed with the tree), 'nested' when they took a nested
 * stream and made its tree (state-dict-tree.ts), 'tree' when they left it, 'refused' when neither reads it.
 */
function compare(path: string): 'columns' | 'nested' | 'tree' | 'refused' {
  let opened;
  try {
    opened = openForReport(path);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    expect(() => openCheckpoint(path, { readOnly: true }), path).toThrow(e.message);
    return 'refused';
  }
  const tree = openCheckpoint(path, { readOnly: true });
  const nested = readCheckpointFile({ path, name: basename(path), readOnly: true, columns: true }).fromColumns === true;
  if (!('columns' in opened) && !nested) {
    // declined, maybe after the zip was taken apart (deflated storages): read again the full way
    expect(formatInspectJson(buildInspectModel(opened)), path).toBe(formatInspectJson(buildInspectModel(tree)));
    return 'tree';
  }
  expect(tree.error, path).toBeNull();
  const model = (opts: InspectOptions): InspectModel => ('columns' in opened ? buildColumnarInspectModel(opened, opts) : buildInspectModel(opened, opts));
  expectSameReports(path, model, tree);
  // optimizer state: int keys, listed by full path
  expect(formatInspectJson(model({ filter: /exp_avg|^\d/ })), path).toBe(formatInspectJson(buildInspectModel(tree, { filter: /exp_avg|^\d/ })));
  expect(model({}).safety, path).toEqual(buildInspectModel(tree).safety);
  if (nested) {
    // the same tree as the interpreter's, bar what only write-back reads (an OrderedDict's BUILD state, the symbolic originals)
    expect(withoutWriteBack(readCheckpointFile({ path, name: basename(path), readOnly: true, columns: true }).root), path).toEqual(
      withoutWriteBack(readCheckpointFile({ path, name: basename(path), readOnly: true }).root),
    );
  }
  return nested ? 'nested' : 'columns';
}

/** a tree with each dict's `attrs` and `original` and each tensor's `original` left out */
function withoutWriteBack(v: PyValue): unknown {
  if (typeof v !== 'object' || v === null) return v;
  switch (v.kind) {
    case 'dict':
      return { kind: 'dict', cls: v.cls, entries: v.entries.map(([k, x]) => [withoutWriteBack(k), withoutWriteBack(x)]) };
    case 'list':
    case 'tuple':
      return { kind: v.kind, items: v.items.map(withoutWriteBack) };
    case 'tensor':
      return { kind: 'tensor', info: v.info };
    default:
      return v;
  }
}

describe('inspect from columns', () => {
  it('gives every fixture zip the report the tree gives it', () => {
    const zips = filesUnder(join(repoRoot, 'fixtures'), (p) => /\.(pt|pth|bin|ckpt)$/.test(p) && isZip(p));
    const outcomes = zips.map(compare);
    // the plain state dicts torch wrote for the fixtures are read as columns, nested dicts of them as
    // trees made from columns, the rest as trees
    expect(outcomes.filter((o) => o === 'columns').length).toBeGreaterThan(5);
    expect(outcomes.filter((o) => o === 'nested').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'tree').length).toBeGreaterThan(5);
  });

  it.skipIf(!corpusAvailable)('gives every zip of the real corpus (benign and malicious) the report the tree gives it', { timeout: 600_000 }, () => {
    const zips = filesUnder(corpusDir, isZip);
    expect(zips.length).toBeGreaterThan(50);
    const outcomes = zips.map(compare);
    expect(outcomes.filter((o) => o === 'columns').length).toBeGreaterThan(0);
  });
});
/**
 * What big models' checkpoints look like, written by torch: a Lightning checkpoint (state dict with
 * BatchNorm's `_metadata`, Adam state with per-parameter exp_avg/exp_avg_sq under int keys, param_groups
 * with floats, tuples and lists, an empty list, scalars of each kind), `{'model': sd}`, DeepSpeed's
 * `{'module': sd}` with an EMA copy, an optimizer under a string key, a list of state dicts.
 */
const NESTED = `
import sys, os, torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 2))
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
m(torch.randn(5, 4)).sum().backward()
opt.step()
d = sys.argv[1]
torch.save({'epoch': 3, 'global_step': 120, 'pytorch-lightning_version': '1.9.0', 'state_dict': m.state_dict(),
            'optimizer_states': [opt.state_dict()], 'lr_schedulers': [], 'best': 0.25, 'flags': (1, 2.5, None, 'x', True)},
           os.path.join(d, 'lightning.ckpt'))
torch.save({'model': m.state_dict()}, os.path.join(d, 'model.pt'))
torch.save({'module': m.state_dict(), 'ema': m.state_dict(), 'step': 7}, os.path.join(d, 'deepspeed.pt'))
torch.save({'state_dict': m.state_dict(), 'optimizer': opt.state_dict(), 'epoch': 1}, os.path.join(d, 'optimizer.pt'))
torch.save([m.state_dict(), m.state_dict()], os.path.join(d, 'list.pt'))
torch.save({'weights': {'a': torch.ones(2), 'b': {'c': torch.zeros(3, dtype=torch.int64), 'n': 2}}, 'meta': {'x': 1}}, os.path.join(d, 'deep.pt'))
`;

describeWithTorch('inspect from columns: nested checkpoints', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('nested-columns');
    runPython(NESTED, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('reads Lightning, DeepSpeed, model-wrapped and optimizer checkpoints from columns, reported as the tree reports them', () => {
    for (const f of ['lightning.ckpt', 'model.pt', 'deepspeed.pt', 'optimizer.pt', 'deep.pt']) expect(compare(at(f)), f).toBe('nested');
    // a list at the root is the machine's (the scanner takes a dict root only)
    expect(compare(at('list.pt'))).toBe('tree');
    // Adam's state sits under int keys: its tensors are listed by full path, as the tree lists them
    const opened = openForReport(at('optimizer.pt'));
    if ('columns' in opened) throw new Error('a nested checkpoint read as flat columns');
    const json = formatInspectJson(buildInspectModel(opened));
    expect(json).toContain('"path":["optimizer","state","0","exp_avg"]');
  });

  it('agrees with the tree on every one-byte change of a Lightning checkpoint pickle', { timeout: 600_000 }, () => {
    const src = at('lightning.ckpt');
    expect(compare(src)).toBe('nested');
    const size = entrySize(src, 'lightning/data.pkl');
    expect(size).toBeGreaterThan(500);
    const counts = { columns: 0, nested: 0, tree: 0, refused: 0 };
    const mutant = at('mutant.ckpt');
    for (let i = 0; i < size; i++) {
      // one change per byte: its low bit or its high bit, in turn
      copyFileSync(src, mutant);
      editZipEntry(mutant, 'lightning/data.pkl', (d) => {
        d[i] = d[i]! ^ (i % 2 === 0 ? 0x01 : 0x80);
      });
      counts[compare(mutant)]++;
    }
    // most changes leave the grammar (the tree reads or refuses them); some stay in it and must agree
    expect(counts.nested).toBeGreaterThan(25);
    expect(counts.tree + counts.refused).toBeGreaterThan(25);
  });
});

/** the size of a member of a zip */
function entrySize(path: string, name: string): number {
  const src = new FileSource(path);
  try {
    const e = openZip(src).entries.find((x) => x.name === name);
    if (!e) throw new Error(`no ${name} in ${path}`);
    return e.size;
  } finally {
    src.close();
  }
}
