import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides, type PlanOutcome } from '../../src/plan/build.js';
import { explainToJson, renderExplain } from '../../src/report/explain.js';
import { renderPlan } from '../../src/report/plan.js';

/**
 * Review 17 F8: the JSON and the text must say the same thing about one plan. Before, a resnet18 checkpoint
 * into a resnet34 read `fixable: true` in JSON while the text said the load still fails and printed no fix; the
 * text of a head of another class count (or a BatchNorm counter torch does not fill in) gave the Python to run,
 * `own = model.state_dict(); …`, while the JSON's `fix` was empty or held only the drop; and a plan dropping
 * trained weights nothing settles read `guesses: []` while apply refuses that very drop as a guess.
 * Each situation below is rendered both ways and the JSON's fields are held to the text's claims.
 */

const e = (key: string, shape: number[] | null): KeyEntry => ({ key, shape, dtype: 'float32' });
const keySide = (entries: KeyEntry[], file: string): ResolvedSide => ({ file, kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const errorSide = (text: string): ResolvedSide => ({ file: 'error.txt', kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report: parseErrorText(text, 'error.txt'), checkpoint: null });
const SOURCE = { file: 'src.pt', size: 0, sha256: '', select: [] };
const linear = (m: string, o = 8, i = 8) => [e(`${m}.weight`, [o, i]), e(`${m}.bias`, [o])];
const quoted = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(', ');
const torchError = (missing: readonly string[], unexpected: readonly string[]) =>
  `RuntimeError: Error(s) in loading state_dict for Net:\n${missing.length ? `\tMissing key(s) in state_dict: ${quoted(missing)}. \n` : ''}${unexpected.length ? `\tUnexpected key(s) in state_dict: ${quoted(unexpected)}. \n` : ''}`;

function keysMode(source: KeyEntry[], model: KeyEntry[]): PlanOutcome {
  return buildPlan(inferenceSides(keySide(source, 'src.pt'), keySide(model, 'model.json')), SOURCE, 'model.json');
}
function errorOnly(text: string): PlanOutcome {
  return buildPlan(inferenceSides(errorSide(text), null), { ...SOURCE, file: 'error.txt' }, 'error.txt');
}

const plain = { color: false };
const SITUATIONS: [string, () => PlanOutcome][] = [
  ['a trained layer the model has no place for (review 17 F0)', () => keysMode([...linear('enc'), ...linear('dec'), ...linear('out_proj')], [...linear('enc'), ...linear('dec')])],
  ['a deeper model (resnet18 into resnet34: blocks the checkpoint lacks)', () => keysMode([0].flatMap((i) => [...linear(`layer1.${i}.conv1`), ...linear(`layer1.${i}.conv2`)]), [0, 1, 2].flatMap((i) => [...linear(`layer1.${i}.conv1`), ...linear(`layer1.${i}.conv2`)]))],
  ['a BatchNorm counter torch does not fill in (bn_nbt)', () => errorOnly(torchError(['1.num_batches_tracked'], []))],
  [
    'a head of another class count (head_classes)',
    () => errorOnly('RuntimeError: Error(s) in loading state_dict for ResNet:\n\tsize mismatch for fc.weight: copying a param with shape torch.Size([1000, 512]) from checkpoint, the shape in current model is torch.Size([10, 512]).\n\tsize mismatch for fc.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([10]).\n'),
  ],
  ['q/k/v apart into a fused qkv, from the text (review 17 F4)', () => errorOnly(torchError(['blocks.0.attn.qkv.weight', 'blocks.0.attn.qkv.bias'], ['q', 'k', 'v'].flatMap((x) => [`blocks.0.attn.${x}_proj.weight`, `blocks.0.attn.${x}_proj.bias`])))],
  ['DataParallel prefix, from the text', () => errorOnly(torchError(['enc.weight', 'enc.bias', 'dec.weight', 'dec.bias'], ['module.enc.weight', 'module.enc.bias', 'module.dec.weight', 'module.dec.bias']))],
  ['a clean rename (keys mode)', () => keysMode([...linear('fc1'), ...linear('fc2', 4)], [...linear('mlp.fc1'), ...linear('mlp.fc2', 4)])],
];

/** The text's fix line (after `fix: `), or null. */
function fixLine(text: string): string | null {
  const line = text.split('\n').find((l) => l.startsWith('fix: '));
  return line === undefined ? null : line.slice('fix: '.length);
}

describe('the JSON says what the text says (review 17 F8)', () => {
  for (const [name, make] of SITUATIONS) {
    it(name, () => {
      const outcome = make();
      const json = explainToJson(outcome, null);
      const text = outcome.mode === 'keys' ? renderPlan(outcome, plain) : renderExplain(outcome, plain);
      const [verdict = ''] = text.split('\n');
      const answer = text.split('\n\n')[0]!;
      const line = fixLine(text);
      // no fix in the JSON: no fix line in the text either, and the other way round
      if (json.fix === null) expect(line).toBeNull();
      if (line === null) expect(json.fix).toBeNull();
      // a Python fix line is the JSON's fix (a longer fix is shown below the line, as the JSON holds it)
      if (line !== null && outcome.mode !== 'keys') {
        if (line.startsWith('the Python below')) expect(text).toContain(json.fix!.trimEnd().split('\n')[0]!);
        else expect(line).toBe(json.fix);
      }
      // the Python the verdict gives is in the fix a tool reads
      if (/own = model\.state_dict\(\)/.test(verdict)) expect(json.fix).toMatch(/own = model\.state_dict\(\); state_dict\.update/);
      // fixable false: the text says no transform fixes it, or what decides; never a success
      if (!json.fixable) expect(verdict).toMatch(/^no key transform|would still fail|what decides/);
      if (json.complete) expect(json.fixable).toBe(true);
      if (!json.complete) expect(verdict).not.toMatch(/^the plan explains every difference/);
      // a guess in the JSON is said in the answer a person reads, and the other way round
      const guessWords = /guess|a decision, not a fix/;
      expect(json.guesses.length > 0).toBe(guessWords.test(answer));
      // keys left without a source: never `fixable` beside a plan that does nothing
      if (json.plan.ops.length === 0 && json.plan.source.select.length === 0 && json.after.missing.some((k) => !json.keptMissing.some((x) => x.key === k) && !k.endsWith('num_batches_tracked'))) expect(json.fixable).toBe(false);
    });
  }
});
