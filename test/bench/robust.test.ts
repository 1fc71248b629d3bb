import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { mapFix, PERTURBATIONS, renameWords, runProbe, tuningOnly } from '../../bench/diagnosis/robust.js';
import type { CaseFix, DiagnosisCase, ExplainRun } from '../../bench/diagnosis/score.js';

const NO_FIX: CaseFix = { verdict: 'fixable', select: null, stripPrefix: null, addPrefix: null, renames: [], drop: [], keepMissing: [], transforms: [] };

const TEXT = `RuntimeError: Error(s) in loading state_dict for ResNet:
\tMissing key(s) in state_dict: "backbone.layer1.0.conv1.weight", "backbone.layer1.1.conv1.weight", "backbone.layer1.2.conv1.weight", "fc.weight". 
\tUnexpected key(s) in state_dict: "net.backbone.layer1.0.conv1.weight", "net.backbone.layer1.1.conv1.weight", "net.backbone.layer1.2.conv1.weight", "net.fc.weight". 
\tsize mismatch for head.weight: copying a param with shape torch.Size([10, 512]) from checkpoint, the shape in current model is torch.Size([5, 512]).`;

function tuningCase(over: Partial<DiagnosisCase> = {}): DiagnosisCase {
  return { id: 't1', half: 'tuning3', repo: 'a/b', url: 'u', family: 'torch', text: TEXT, excerptCut: false, cause: '', fix: { ...NO_FIX, stripPrefix: 'net.' }, ...over };
}

const derive = (kind: string, c: DiagnosisCase) => PERTURBATIONS.find((p) => p.kind === kind)!.derive(c, parseErrorText(c.text, c.id));

describe('the generalisation probe reads tuning halves only', () => {
  /** A held-out case whose every field but `half` throws when read. */
  function sealed(half: string): DiagnosisCase {
    const c = { half } as DiagnosisCase;
    for (const f of ['id', 'repo', 'url', 'family', 'text', 'excerptCut', 'cause', 'fix'] as const) {
      Object.defineProperty(c, f, { enumerable: true, get: () => { throw new Error(`read ${f} of a ${half} case`); } });
    }
    return c;
  }

  it('filters by half before reading anything else of a case', () => {
    const cases = [tuningCase(), sealed('heldout'), sealed('heldout2'), sealed('heldout17'), tuningCase({ id: 't2', half: 'tuning' })];
    expect(tuningOnly(cases).map((c) => c.id)).toEqual(['t1', 't2']);
  });

  it('runs explain on no held-out case and reads none of its fields', async () => {
    const seen: string[] = [];
    const explain = async (c: DiagnosisCase): Promise<ExplainRun> => {
      seen.push(c.id);
      return { code: 2, json: null, text: 'no error text' };
    };
    const run = await runProbe([sealed('heldout5'), tuningCase(), sealed('heldout12')], explain);
    expect(run.cases).toBe(1);
    expect(seen).toEqual(['t1']);
  });
});

describe('each perturbation carries the label over mechanically', () => {
  it('renames segment words with their numbers, in keys only', () => {
    const map = new Map([['layer', 'stage'], ['backbone', 'encoder']]);
    expect(renameWords('"backbone.layer1.0.conv1.weight", the backbone.', map)).toBe('"encoder.stage1.0.conv1.weight", the backbone.');
    expect(mapFix({ ...NO_FIX, renames: [{ from: 'a.layer2.w', to: 'b.layer2.w' }], drop: ['layer3.x'] }, (s) => renameWords(s, map))).toMatchObject({ renames: [{ from: 'a.stage2.w', to: 'b.stage2.w' }], drop: ['stage3.x'] });
  });

  it('module-words renames text and label alike, leaves and the prefix kept', () => {
    const d = derive('module-words', tuningCase())!;
    expect(d.text).toContain('"net.encoder.stage1.0.conv1.weight"');
    expect(d.text).toContain('"fc.weight"');
    expect(d.fix.stripPrefix).toBe('net.');
  });

  it('prefix-word changes a custom wrapper word in text and label; module. stays', () => {
    const d = derive('prefix-word', tuningCase())!;
    expect(d.text).toContain('"network.backbone.layer1.0.conv1.weight"');
    expect(d.text).not.toContain('"net.');
    expect(d.fix.stripPrefix).toBe('network.');
    expect(derive('prefix-word', tuningCase({ fix: { ...NO_FIX, stripPrefix: 'module.' } }))).toBeNull();
  });

  it('depth drops the last block of a stack from the text and the label', () => {
    const d = derive('depth', tuningCase({ fix: { ...NO_FIX, drop: ['backbone.layer1.2.conv1.weight', 'fc.weight'] } }))!;
    expect(d.text).not.toContain('layer1.2.');
    expect(d.text).toContain('"backbone.layer1.1.conv1.weight", "fc.weight"');
    expect(d.fix.drop).toEqual(['fc.weight']);
  });

  it('class-name swaps the heading class, a wrapper class kept', () => {
    expect(derive('class-name', tuningCase())!.text).toContain('state_dict for SwinTransformer:');
    expect(derive('class-name', tuningCase({ text: TEXT.replace('ResNet', 'DataParallel') }))).toBeNull();
  });

  it("incompatible-repr writes torch's strict lists as strict=False's return value, only for a whole torch message without size lines", () => {
    const text = TEXT.split('\n').slice(0, 3).join('\n');
    expect(derive('incompatible-repr', tuningCase({ text }))!.text).toBe(
      "_IncompatibleKeys(missing_keys=['backbone.layer1.0.conv1.weight', 'backbone.layer1.1.conv1.weight', 'backbone.layer1.2.conv1.weight', 'fc.weight'], unexpected_keys=['net.backbone.layer1.0.conv1.weight', 'net.backbone.layer1.1.conv1.weight', 'net.backbone.layer1.2.conv1.weight', 'net.fc.weight'])",
    );
    expect(derive('incompatible-repr', tuningCase())).toBeNull();
  });

  it("size-wording writes torch 0.4.0's size line", () => {
    expect(derive('size-wording', tuningCase())!.text).toContain('While copying the parameter named "head.weight", whose dimensions in the model are torch.Size([5, 512]) and whose dimensions in the checkpoint are torch.Size([10, 512]).');
  });
});
