import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.js';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { openCheckpoint, openForReport } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import { fileFingerprint } from '../../src/plan/fingerprint.js';
import { makePlan } from '../../src/plan/schema.js';
import type { PlanOp } from '../../src/plan/types.js';
import { tempDir } from '../helpers/torch.js';
import { zipWithEntryCut } from '../helpers/zip-cut.js';
import { ROOT } from '../python/python.js';

/**
 * Review 21 F6: a torch zip whose storage member is shorter than the tensor viewing it. `inspect` said safe and
 * nothing else, `diff` "same", and `apply` copied the short member and said "verified". torch 1.13
 * (`torch.load(weights_only=True)`, run in a subprocess on a benign file made the same way: torch.save of
 * {'w': arange(6).reshape(2, 3), 'b': ones(3)}, `data/0` cut to 8 bytes) loads it without a word: `w`'s first two
 * elements are right and the other four are uninitialised memory, other values at every load (1.7978e-25, then
 * 1.2545e+26); its storage reports 24 bytes. Newer torch refuses such a view. So the file is not a loadable
 * checkpoint: inspect says which tensor (its verdict, about code, stays), apply refuses with one line, exit 2.
 */

const DDP = join(ROOT, 'fixtures/training/ddp.pt');
const STRIP: PlanOp[] = [{ op: 'strip_prefix', prefix: 'module.' }];

let tmp: { dir: string; cleanup: () => void };
let short: string;
beforeAll(() => {
  tmp = tempDir('short-storage');
  short = join(tmp.dir, 'short.pt');
  // ddp/data/0 holds module.features.0.weight, float32 [8, 3, 3, 3] (864 bytes)
  zipWithEntryCut(DDP, short, 'ddp/data/0', 8);
});
afterAll(() => tmp?.cleanup());

const SHORT_REFUSED = /^tensor module\.features\.0\.weight .* not a loadable checkpoint .*; sdmatch reads no file torch cannot load as it is/;
const SHORT_LINE = /^tensor module\.features\.0\.weight \(float32 \[8, 3, 3, 3\] at element 0\) needs 864 bytes of its storage member data\/0, which holds 8: the file is cut short or corrupt, not a loadable checkpoint/;

describe('a storage member shorter than its tensor (review 21 F6)', () => {
  it('inspect names the tensor on the format row, by the columns reader as by the full one; the verdict stays', () => {
    for (const c of [openForReport(short), openCheckpoint(short)]) {
      expect(c.detail.filter((d) => SHORT_LINE.test(d))).toHaveLength(1);
      expect(c.safety.verdict).toBe('safe');
    }
    // whole files are quiet, packed dtypes included (a quint4x2 [4] tensor's storage is 2 bytes)
    for (const whole of [DDP, join(ROOT, 'fixtures/training/quantized.pt'), join(ROOT, 'fixtures/training/offset-views.pt')]) {
      expect(openCheckpoint(whole).detail.some((d) => d.includes('not a loadable checkpoint')), whole).toBe(false);
    }
  });

  it('apply refuses with one line naming the tensor and the member, and writes nothing', () => {
    // the keys are the whole file's (the short one is refused wherever it is opened for its state dict)
    const keys = openPlanSource(DDP, []).entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
    expect(() => openPlanSource(short, [])).toThrow(SHORT_REFUSED);
    const plan = makePlan({ file: short, size: statSync(short).size, sha256: fileFingerprint([short]).sha256, select: [] }, { file: 'model', keys: keys.length }, { ops: STRIP, mapping: applyOpsToKeys(STRIP, keys).mapping, unmapped: [] });
    const out = join(tmp.dir, 'out.pt');
    let err: unknown;
    try {
      applyPlan({ source: short, plan, planFile: 'plan.json', out });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).file).toBe(short);
    expect((err as FormatError).message).toMatch(SHORT_LINE);
    expect((err as FormatError).message).not.toContain('\n');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).sort()).toEqual(['short.pt']);
  });
});
