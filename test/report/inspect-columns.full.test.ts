import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, openForReport } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import { buildColumnarInspectModel } from '../../src/report/inspect-columns.js';
import { buildInspectModel, formatInspectJson } from '../../src/report/inspect-model.js';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/corpus.js';
import { expectSameReports, filesUnder } from '../helpers/inspect-agree.js';

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

/** 'columns' when the columns took the file (and agreed with the tree), 'tree' when they left it, 'refused' when neither reads it. */
function compare(path: string): 'columns' | 'tree' | 'refused' {
  let opened;
  try {
    opened = openForReport(path);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    expect(() => openCheckpoint(path, { readOnly: true }), path).toThrow(e.message);
    return 'refused';
  }
  const tree = openCheckpoint(path, { readOnly: true });
  if (!('columns' in opened)) {
    // declined, maybe after the zip was taken apart (deflated storages): read again the full way
    expect(formatInspectJson(buildInspectModel(opened)), path).toBe(formatInspectJson(buildInspectModel(tree)));
    return 'tree';
  }
  expect(tree.error, path).toBeNull();
  expectSameReports(path, (opts) => buildColumnarInspectModel(opened, opts), tree);
  return 'columns';
}

describe('inspect from columns', () => {
  it('gives every fixture zip the report the tree gives it', () => {
    const zips = filesUnder(join(repoRoot, 'fixtures'), (p) => /\.(pt|pth|bin|ckpt)$/.test(p) && isZip(p));
    const outcomes = zips.map(compare);
    // the plain state dicts torch wrote for the fixtures are read as columns, the rest as trees
    expect(outcomes.filter((o) => o === 'columns').length).toBeGreaterThan(5);
    expect(outcomes.filter((o) => o === 'tree').length).toBeGreaterThan(5);
  });

  it.skipIf(!corpusAvailable)('gives every zip of the real corpus (benign and malicious) the report the tree gives it', { timeout: 600_000 }, () => {
    const zips = filesUnder(corpusDir, isZip);
    expect(zips.length).toBeGreaterThan(50);
    const outcomes = zips.map(compare);
    expect(outcomes.filter((o) => o === 'columns').length).toBeGreaterThan(0);
  });
});
