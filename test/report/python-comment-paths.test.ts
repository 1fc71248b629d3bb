import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/schema.js';
import { emitHf } from '../../src/report/emit-hf.js';
import { emitMmengine } from '../../src/report/emit-mmengine.js';
import { emitPython } from '../../src/report/emit-python.js';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from '../cli/capture-main.js';

/**
 * A Python comment ends at a line break: a checkpoint or folder name holding one, printed into a comment, left
 * the rest of the name as a line of Python (here `evil = 1`, which would run). --emit python said the name on one
 * line already; --emit hf and --emit mmengine's headers, and explain's folder step's command, did not.
 */
const NAME = 'run\nevil = 1';
const leaked = (code: string) => code.split('\n').filter((l) => l.trimStart().startsWith('evil'));

describe('a name with a line break in a printed Python comment', () => {
  it('--emit python, hf and mmengine: the header comment stays one line', () => {
    const plan = makePlan({ file: `/tmp/${NAME}/ckpt.pt`, size: 0, sha256: '', select: [] }, { file: 'model', keys: 1 }, { ops: [{ op: 'rename', pattern: '^a\\.', replacement: 'b.' }], mapping: { 'a.w': 'b.w' }, unmapped: [] });
    for (const code of [emitPython(plan), emitHf(plan), emitMmengine(plan)]) expect(leaked(code), code).toEqual([]);
  });

  it("explain on a DCP folder so named: its one-step command's comment stays one line", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sdmatch-comment-')), NAME);
    cpSync(join(repoRoot, 'fixtures', 'dcp', 'col-sharded'), dir, { recursive: true });
    const error = join(dir, '..', 'error.txt');
    writeFileSync(error, 'RuntimeError: Error(s) in loading state_dict for Wrapped:\n\tMissing key(s) in state_dict: "net.fc1.weight", "net.fc1.bias". \n\tUnexpected key(s) in state_dict: "fc1.weight", "fc1.bias". \n');
    const e = await runCli(['explain', dir, error, '--no-color']);
    expect(e.stdout, e.stderr).toContain('dcp_to_torch_save(');
    expect(leaked(e.stdout), e.stdout).toEqual([]);
  });
});
