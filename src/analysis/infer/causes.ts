/**
 * The plain-words account of what is wrong, most important first: what `explain` says before it
 * shows any plan ("every checkpoint key carries an extra `module.` prefix: strip it").
 */
import type { PlanOp } from '../../plan/types.js';

export interface Cause {
  code: string;
  message: string;
}

export interface CauseFacts {
  sourceCount: number;
  targetCount: number;
  ops: readonly PlanOp[];
  /** per op, the source keys it concerns */
  covers: readonly (readonly string[])[];
  exampleOf: (source: string) => string | undefined;
  anotherModel: boolean;
  matched: number;
  sizeMismatches: readonly { target: string; sourceShape: number[] | null; targetShape: number[] | null }[];
  positionWarnings: readonly string[];
  leftover: readonly string[];
  unmapped: readonly string[];
  ambiguous: number;
}

const fmt = (s: number[] | null) => (s ? `[${s.join(', ')}]` : '[?]');

function examples(keys: readonly string[], n = 3): string {
  const shown = keys.slice(0, n).map((k) => `\`${k}\``).join(', ');
  return keys.length > n ? `${shown}, …` : shown;
}

export function explainCauses(f: CauseFacts): Cause[] {
  const causes: Cause[] = [];
  if (f.anotherModel) {
    causes.push({
      code: 'another_model',
      message: `only ${f.matched} of ${Math.min(f.sourceCount, f.targetCount)} keys correspond by name or prefix: the checkpoint is probably of another model; no key transform explains the difference, so none is proposed`,
    });
  }
  if (f.sizeMismatches.length) {
    const m = f.sizeMismatches;
    causes.push({
      code: 'size_mismatch',
      message: `${m.length} key${m.length > 1 ? 's' : ''} correspond by name but not by shape (e.g. \`${m[0]!.target}\` ${fmt(m[0]!.sourceShape)} vs ${fmt(m[0]!.targetShape)}): the checkpoint is of another model size or configuration, which no key transform fixes`,
    });
  }
  f.ops.forEach((op, i) => {
    const keys = f.covers[i] ?? [];
    const n = keys.length;
    const all = n === f.sourceCount;
    const ex = keys[0];
    const exTarget = ex !== undefined ? f.exampleOf(ex) : undefined;
    switch (op.op) {
      case 'strip_prefix':
        causes.push({ code: 'strip_prefix', message: `${all ? 'every checkpoint key' : `${n} of ${f.sourceCount} checkpoint keys`} carr${!all && n !== 1 ? 'y' : 'ies'} an extra \`${op.prefix}\` prefix: strip it` });
        break;
      case 'add_prefix':
        causes.push({ code: 'add_prefix', message: `the model's keys start with \`${op.prefix}\` and the checkpoint's do not: add it` });
        break;
      case 'rename':
        causes.push({ code: 'rename', message: `${n} key${n === 1 ? ' is' : 's are'} named differently${ex && exTarget ? ` (\`${ex}\` is \`${exTarget}\`)` : ''}: rename ${op.pattern} → ${op.replacement}` });
        break;
      case 'drop':
        causes.push({ code: 'drop', message: `${examples(keys)}: ${op.reason}: leave ${n === 1 ? 'it' : 'them'} out and keep the model's` });
        break;
      case 'transpose': {
        const what = op.key !== undefined ? `\`${op.key}\` is` : `${n} weight${n === 1 ? ' is' : 's are'} (${op.pattern})`;
        causes.push({ code: 'transpose', message: `${what} stored transposed (Conv1D vs Linear): transpose ${n === 1 ? 'it' : 'them'}` });
        break;
      }
      case 'reshape': {
        const what = op.key !== undefined ? `\`${op.key}\` has` : `${n} tensor${n === 1 ? ' has' : 's have'} (${op.pattern})`;
        causes.push({ code: 'reshape', message: `${what} the model's elements in another shape (${ex ? `e.g. \`${ex}\`, ` : ''}model [${op.shape.join(', ')}]): reshape ${n === 1 ? 'it' : 'them'}` });
        break;
      }
      case 'split':
        causes.push({ code: 'split', message: `\`${op.key}\` holds ${op.targets.length} tensors the model keeps apart (${examples(op.targets)}): split it` });
        break;
      case 'concat':
        causes.push({ code: 'concat', message: `the model keeps ${examples(op.keys)} as one tensor \`${op.target}\`: join them` });
        break;
    }
  });
  for (const w of f.positionWarnings) causes.push({ code: 'position_embedding', message: w });
  if (f.ambiguous) causes.push({ code: 'ambiguous', message: `${f.ambiguous} correspondence${f.ambiguous > 1 ? 's are' : ' is'} ambiguous (equally good candidates): listed, not guessed` });
  if (f.unmapped.length) causes.push({ code: 'missing', message: `${f.unmapped.length} key${f.unmapped.length > 1 ? 's' : ''} the model expects ha${f.unmapped.length > 1 ? 've' : 's'} no source in the checkpoint (${examples(f.unmapped)})` });
  if (f.leftover.length) causes.push({ code: 'unexpected', message: `${f.leftover.length} checkpoint key${f.leftover.length > 1 ? 's have' : ' has'} no place in the model (${examples(f.leftover)})` });
  if (causes.length === 0) causes.push({ code: 'match', message: 'the checkpoint already matches what the model expects' });
  return causes;
}
