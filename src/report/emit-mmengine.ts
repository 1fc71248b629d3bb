/**
 * `--emit mmengine`: a `revise_keys` list for `mmengine.runner.load_checkpoint(model, file,
 * revise_keys=...)`. MMEngine applies every (pattern, replacement) in order with `re.sub` to every
 * key — a pipeline like the plan's, but replacing every occurrence; the plans sdmatch writes anchor
 * their patterns with `^`, where the two agree. Passing revise_keys replaces MMEngine's default
 * `[(r'^module\.', '')]`. Drops, transposes, reshapes, rope row permutes, splits and joins are listed as comments (MMEngine's revise_keys renames keys only: no tensor op has a form there).
 */
import type { Plan } from '../plan/types.js';
import { describeOp } from '../analysis/op-vocabulary.js';
import { escapeRegex, hasArithmetic } from '../analysis/infer/regex.js';
import { generatedByLine, oneCommentLine, pyReplacement, pyReplacementLambda, pyTableLambda } from './emit-python.js';
import { pyStr } from '../formats/python-source.js';
import { selectionNote } from './emit-select.js';

export interface RevisePair {
  pattern: string;
  /** Python re.sub replacement */
  replacement: string;
  /** for index arithmetic (`${1//3}`): a Python lambda, which re.sub takes in place of the string */
  callable?: string;
}

export function reviseKeys(plan: Plan): { pairs: RevisePair[]; notExpressible: string[]; unanchored: string[] } {
  const pairs: RevisePair[] = [];
  const notExpressible: string[] = [];
  const unanchored: string[] = [];
  for (const op of plan.ops) {
    switch (op.op) {
      case 'strip_prefix':
        pairs.push({ pattern: `^${escapeRegex(op.prefix)}`, replacement: '' });
        break;
      case 'add_prefix':
        pairs.push({ pattern: '^', replacement: op.prefix.replace(/\\/g, '\\\\') });
        break;
      case 'rename':
        // MMEngine passes the pair to re.sub, which takes a callable too: index arithmetic and an index table are lambdas
        if (op.table !== undefined) pairs.push({ pattern: op.pattern, replacement: '', callable: pyTableLambda(op.table) });
        else pairs.push(hasArithmetic(op.replacement)
          ? { pattern: op.pattern, replacement: op.replacement, callable: pyReplacementLambda(op.replacement) }
          : { pattern: op.pattern, replacement: pyReplacement(op.replacement) });
        if (!op.pattern.startsWith('^')) unanchored.push(op.pattern);
        break;
      default:
        notExpressible.push(describeOp(op) + (op.op === 'drop' ? ` (${op.reason})` : ''));
    }
  }
  return { pairs, notExpressible, unanchored };
}

/** MMEngine's `_load_checkpoint_to_model`: `checkpoint['state_dict']` if present, else the whole checkpoint. */
const MMENGINE = { name: "MMEngine's load_checkpoint", reads: "checkpoint['state_dict'] when there is one, else the whole checkpoint", selectsItself: ['state_dict'] } as const;

export function emitMmengine(plan: Plan, caveats: readonly string[] = []): string {
  const { pairs, notExpressible, unanchored } = reviseKeys(plan);
  const lines = [
    generatedByLine(plan),
    ...caveats,
    ...selectionNote(plan, MMENGINE),
    // MMEngine loads with strict=False by default: a key this list misses would stay as initialised
    '# Use: load_checkpoint(model, filename, strict=True, revise_keys=revise_keys)',
    '# (strict=True: MMEngine\'s default, strict=False, leaves any key this list misses as initialised, with a log warning only)',
    'revise_keys = [',
    ...pairs.map((p) => `    (${pyStr(p.pattern)}, ${p.callable ?? pyStr(p.replacement)}),`),
    ']',
  ];
  if (unanchored.length) {
    lines.push('# Note: MMEngine replaces every occurrence of these unanchored patterns (the plan replaces the first):');
    for (const u of unanchored) lines.push(`#   ${u}`);
  }
  if (notExpressible.length) {
    lines.push('# Not expressible in revise_keys (apply the plan with `sdmatch apply` or --emit python):');
    for (const n of notExpressible) lines.push(oneCommentLine(`#   ${n}`));
  }
  return `${lines.join('\n')}\n`;
}
