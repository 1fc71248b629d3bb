import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { sharedHolder } from '../../src/analysis/key-tokens.js';
import type { DiagnosisCase } from '../../bench/diagnosis/score.js';
import { probeVariant, tuningCase } from './tuning-variants.js';

/**
 * The same network held one level deeper on both sides (a LightningModule's `model.`) is the same answer: decisions
 * that read a key's first segment as the network's top read the keys below the module both sides share. The texts
 * are real tuning texts, the variants what diagnose-robust's held-under perturbation derives from them (both flipped).
 */

interface Out {
  fixable: boolean;
  plan: { ops: { op: string; pattern?: string; from?: string }[] };
  keptMissing?: string[];
}
const explain = async (text: string): Promise<{ code: number; out: Out }> => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  return { code: r.code, out: JSON.parse(r.stdout) as Out };
};


const heldUnder = (c: DiagnosisCase): string => probeVariant('held-under', c);

describe('sharedHolder', () => {
  it('is the prefix both sides share, never a numbered block, never from one side alone', () => {
    expect(sharedHolder(['model.conv1.0.weight'], ['model.bn1.weight', 'model.fc.bias'])).toBe('model.');
    expect(sharedHolder(['model.net.layers.0.a.weight'], ['model.net.layers.0.b.weight'])).toBe('model.net.layers.');
    expect(sharedHolder(['model.head.weight'], [])).toBe('');
    expect(sharedHolder(['conv1.weight'], ['fc.weight'])).toBe('');
  });
});

describe('a network held as `model.` on both sides decides as at the root', () => {
  it('LAMDA-CL/PyCIL#69: a single `conv1` + `bn1` against a packed `conv1.0` / `conv1.1` stem is another stem variant, no rename', async () => {
    const c = tuningCase('cases3.json', 'LAMDA-CL-PyCIL-69');
    const text = heldUnder(c);
    expect(text).toContain('"model.conv1.0.weight"');
    const { out } = await explain(text);
    expect(out.fixable).toBe(false);
    expect(out.plan.ops.filter((o) => o.op === 'rename')).toEqual([]);
    expect((await explain(c.text)).out.fixable).toBe(false);
  });

  it("jlianglab/Ark#1: strict=False's repr of pretraining heads (`projector`, `omni_heads`) unused and a new `head`: drop them, keep the head missing", async () => {
    const c = tuningCase('cases8.json', 'jlianglab-Ark-1');
    const text = heldUnder(c);
    expect(text).toContain("'model.projector.0.weight'");
    const { out } = await explain(text);
    expect(out.fixable).toBe(true);
    expect(out.plan.ops.some((o) => o.op === 'drop' && /projector/.test(o.pattern ?? ''))).toBe(true);
    expect((await explain(c.text)).out.fixable).toBe(true);
  });
});
