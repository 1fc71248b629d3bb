import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { emitHf } from '../../src/report/emit-hf.js';
import { emitMmengine } from '../../src/report/emit-mmengine.js';
import { inferPlan } from '../../src/analysis/infer/index.js';
import { makePlan } from '../../src/plan/schema.js';
import { entry, hasPython, PY } from './emit-agree.js';

/**
 * review 11 F6: weights nested at checkpoint['trainer']['net'] while the emitted key mapping renames
 * keys of whatever the loader reads (transformers: the file itself; MMEngine: `state_dict` or the whole
 * checkpoint), so the mapping alone would load none of them and both loaders only warn.
 */
const source = ['model.enc.weight', 'model.enc.bias'].map(entry);
const target = ['enc.weight', 'enc.bias'].map(entry);
const inferred = inferPlan({ source, target });
const planAt = (select: string[]) => makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select }, { file: 'model', keys: 2 }, inferred);

describe('--emit hf / mmengine name the selection the mapping cannot make', () => {
  test('nested weights: both say where they sit and how to take them out, before the mapping', () => {
    for (const text of [emitHf(planAt(['trainer', 'net'])), emitMmengine(planAt(['trainer', 'net']))]) {
      const note = text.indexOf("they sit at checkpoint['trainer']['net']");
      expect(note).toBeGreaterThan(0);
      expect(note).toBeLessThan(text.search(/^(key_mapping|revise_keys) = /m));
      expect(text).toContain("weights_only=True)['trainer']['net'], 'weights.pt')");
    }
  });

  test("MMEngine takes checkpoint['state_dict'] itself: no note there; transformers does not", () => {
    expect(emitMmengine(planAt(['state_dict']))).not.toContain('NOTE');
    expect(emitHf(planAt(['state_dict']))).toContain("they sit at checkpoint['state_dict']");
  });

  test('weights at the top: no note', () => {
    expect(emitHf(planAt([]))).not.toContain('NOTE');
    expect(emitMmengine(planAt([]))).not.toContain('NOTE');
  });

  test('MMEngine is told to load with strict=True (its default strict=False hides a missed key)', () => {
    expect(emitMmengine(planAt([]))).toMatch(/^# Use: load_checkpoint\(model, filename, strict=True, revise_keys=revise_keys\)$/m);
  });

  test.skipIf(!hasPython)('the extraction line is Python that compiles', () => {
    const line = emitHf(planAt(['trainer', 'net'])).split('\n').find((l) => l.includes('torch.save('))!;
    const code = line.replace(/^#\s*/, '');
    expect(() => execFileSync(PY, ['-c', `compile(${JSON.stringify(code)}, 'x', 'exec')`])).not.toThrow();
  });
});
