/**
 * `sdmatch plan check`: the verdict first (covers the model exactly, or not and why in one line), then
 * each kind of gap as a grouped list (src/analysis/group.ts), at most `maxLines` lines each.
 */
import { groupKeys, renderGroups } from '../analysis/group.js';
import { tiedApartWords } from '../plan/tied-writes.js';
import type { Coverage } from '../plan/coverage.js';
import { guessesClause } from '../plan/guesses.js';
import { printable } from './printable.js';
import { paint, type Style } from './style.js';
import { plural } from '../analysis/prose.js';

export function renderPlanCheck(style: Style, c: Coverage, names: { plan: string; expected: string }, opts: { all?: boolean; maxLines?: number; ops?: number } = {}): string {
  const maxLines = opts.all ? Infinity : opts.maxLines ?? 20;
  const lines: string[] = [];
  const filled = c.filledCounters.length ? `, ${plural(c.filledCounters.length, 'BatchNorm counter')} left to BatchNorm, which fills ${c.filledCounters.length === 1 ? 'it' : 'them'} in as it loads (the source records no BatchNorm version 2 in \`_metadata\`)` : '';
  const counts = `${plural(c.sources, 'source key')} → ${plural(c.expected, 'model key')}; ${c.dropped.length} dropped, ${c.keptMissing.length} kept missing on purpose${filled}`;
  const shapes = c.shapes;
  const wrongShapes = shapes.checked ? shapes.contradictions : [];
  // exact is of keys and shapes: ops resting on a guess move values nothing here checks (review 17 F2)
  const guessed = (opts.ops === undefined ? null : guessesClause(c.guesses, opts.ops));
  if (c.exact && shapes.checked && guessed !== null) {
    lines.push(`${paint(style, 'yellow', 'exact in keys and shapes, values unverified:')} ${printable(names.plan)} covers ${printable(names.expected)}: every source key is consumed once, every model key written once or declared kept-missing, every shape the model's (shapes from ${printable(shapes.source)}) (${counts}); but ${guessed}`);
  } else if (c.exact && shapes.checked) {
    lines.push(`${paint(style, 'green', 'exact:')} ${printable(names.plan)} covers ${printable(names.expected)}: every source key is consumed once, every model key written once or declared kept-missing, every shape the model's (shapes from ${printable(shapes.source)}) (${counts})`);
  } else if (c.exact && !shapes.checked) {
    // names alone say nothing of a split size or a transpose the model's shapes contradict: not "exact"
    lines.push(`${paint(style, 'yellow', 'exact by name only:')} ${printable(names.plan)} covers ${printable(names.expected)} by name: every source key is consumed once, every model key written once or declared kept-missing (${counts}); shapes not checked: ${printable(shapes.why)}`);
  } else {
    const why = [
      c.errors.length ? plural(c.errors.length, 'problem') + ' in the ops' : '',
      c.missing.length ? `${plural(c.missing.length, 'model key')} never written` : '',
      c.unexpected.length ? `${plural(c.unexpected.length, 'source key')} left unexpected` : '',
      wrongShapes.length ? `${plural(wrongShapes.length, 'tensor')} of another shape than the model's` : '',
      c.tiedApart.length ? `${plural(c.tiedApart.length, 'tie')} of the model written from separate tensors (one tensor's trained values lost)` : '',
      c.loadsAsStored.length ? `${plural(c.loadsAsStored.length, 'weight')} the plan lists as undecided (loaded as stored, may be transposed)` : '',
    ].filter(Boolean).join(', ');
    lines.push(`${paint(style, 'red', 'not exact:')} ${printable(names.plan)} against ${printable(names.expected)}: ${why} (${counts})${shapes.checked ? '' : `; shapes not checked: ${printable(shapes.why)}`}`);
  }
  const list = (title: string, keys: readonly string[], fix: string) => {
    if (keys.length === 0) return;
    lines.push('', `${title} (${keys.length}) — ${fix}:`);
    for (const l of renderGroups(groupKeys(keys), { counts: true, maxLines })) lines.push(`  ${printable(l)}`);
  };
  if (c.errors.length) {
    lines.push('', `problems in the ops (${c.errors.length}):`);
    for (const e of c.errors.slice(0, maxLines)) lines.push(`  ${printable(e)}`);
    if (c.errors.length > maxLines) lines.push(`  … ${c.errors.length - maxLines} more (--all)`);
  }
  if (wrongShapes.length) {
    lines.push('', `tensors of another shape than the model's (${wrongShapes.length}) — apply would write them and a strict load refuse them:`);
    const shape = (d: readonly number[]) => `[${d.join(', ')}]`;
    for (const w of wrongShapes.slice(0, maxLines)) {
      const made = w.op ? `made by ${w.op}` : `as stored in '${w.from.join("', '")}'`;
      lines.push(`  ${printable(`'${w.key}': ${shape(w.have)} ${made}; the model has ${shape(w.want)}`)}`);
    }
    if (wrongShapes.length > maxLines) lines.push(`  … ${wrongShapes.length - maxLines} more (--all)`);
  }
  // the model keeps one tensor of a tie (review 23 F5): which is kept, which lost
  for (const g of c.tiedApart.slice(0, maxLines)) lines.push('', `tie written apart — ${printable(tiedApartWords([g]))}`);
  list('weights the plan lists as undecided, loaded as stored', c.loadsAsStored, 'their values may be transposed: a manifest of the checkpoint\'s model recording its classes decides them (see sdmatch plan\'s ambiguous list)');
  // a counter is filled in or not by the source's `_metadata`: without the source, say how to tell
  const counters = !c.shapes.checked && c.missing.some((k) => k === 'num_batches_tracked' || k.endsWith('.num_batches_tracked'));
  list('model keys never written', c.missing, `map them, or declare them with sdmatch plan edit --keep-missing REGEX${counters ? ' (BatchNorm `num_batches_tracked` counters: give --source CHECKPOINT to tell whether BatchNorm fills them in)' : ''}`);
  list('source keys left unexpected, under these names', c.unexpected.map((u) => u.name), 'rename them (--rename FROM=TO) or drop them (--drop REGEX)');
  return `${lines.join('\n')}\n`;
}
