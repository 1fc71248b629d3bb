import type { DType } from '../formats/dtype.js';
import type { ErrorReport } from '../formats/error-text.js';
import { byKey, sameShape, type KeyEntry } from '../formats/keys.js';
import { counterlessCounters } from './module-versions.js';
import { keyExamples as examples, plural } from './prose.js';

/**
 * What loading SOURCE into a model that expects EXPECTED would find, key by key. Pure and O(n):
 * one Map per side, so two 100,000-key sources diff in tens of milliseconds.
 */

export interface ShapeMismatch {
  key: string;
  source: number[];
  expected: number[];
}

export interface DTypeMismatch {
  key: string;
  source: DType;
  expected: DType;
}

export interface KeyDiff {
  /** in both, shapes and dtypes equal where both sides know them; expected's order */
  matched: string[];
  /** in EXPECTED, not in SOURCE; expected's order */
  missing: string[];
  /** in SOURCE, not in EXPECTED; source's order */
  unexpected: string[];
  /** in both with different known shapes; expected's order */
  shapeMismatch: ShapeMismatch[];
  /** in both with different known dtypes (a key can also be in shapeMismatch); expected's order */
  dtypeMismatch: DTypeMismatch[];
}

export interface DiffOptions {
  /** leave dtypes out of the comparison (load_state_dict casts on copy) */
  ignoreDtype?: boolean;
}

export function diffKeys(source: readonly KeyEntry[], expected: readonly KeyEntry[], opts: DiffOptions = {}): KeyDiff {
  const src = byKey(source);
  const exp = byKey(expected);
  const out: KeyDiff = { matched: [], missing: [], unexpected: [], shapeMismatch: [], dtypeMismatch: [] };
  for (const e of exp.values()) {
    const s = src.get(e.key);
    if (!s) {
      out.missing.push(e.key);
      continue;
    }
    let ok = true;
    if (s.shape && e.shape && !sameShape(s.shape, e.shape)) {
      out.shapeMismatch.push({ key: e.key, source: s.shape, expected: e.shape });
      ok = false;
    }
    if (!opts.ignoreDtype && s.dtype && e.dtype && s.dtype !== e.dtype) {
      out.dtypeMismatch.push({ key: e.key, source: s.dtype, expected: e.dtype });
      ok = false;
    }
    if (ok) out.matched.push(e.key);
  }
  for (const s of src.values()) if (!exp.has(s.key)) out.unexpected.push(s.key);
  return out;
}

/**
 * The error came from passing the whole checkpoint: what it calls unexpected are top-level fields the
 * chosen state dict does not hold. Nothing loaded then, so what it calls missing is the model's every key.
 */
export function passedWhole(entries: readonly KeyEntry[], report: ErrorReport): boolean {
  if (report.unexpected.length === 0) return false;
  const have = new Set(entries.map((e) => e.key));
  return report.unexpected.every((k) => !k.includes('.') && !have.has(k));
}

export interface ErrorReportDiff extends KeyDiff {
  /** checkpoint keys whose fate the error does not tell (it was cut short); empty without a checkpoint */
  unknown: string[];
  /** what the error alone could not tell, and where it disagrees with the checkpoint */
  notes: string[];
}

/** diffWithErrorReport's note on the checkpoint keys a whole error text does not mention (taken to load as they are). */
function assumedMatchedNote(assumed: number): string {
  return `${plural(assumed, 'key')} the checkpoint has that the error does not mention ${assumed === 1 ? 'is' : 'are'} assumed matched`;
}

/** Whether `note` is that note (a caller that reads those keys otherwise leaves it out). */
export function isAssumedMatchedNote(note: string): boolean {
  const n = /^\d+/.exec(note)?.[0];
  return n !== undefined && note === assumedMatchedNote(Number(n));
}

/**
 * The diff when the expected side is an error text. The error tells missing, unexpected and size
 * mismatches; a checkpoint (the source) supplies every other key, shapes and dtypes. Each way the
 * error and the checkpoint disagree is a note, since it means the error came from another file
 * or from keys renamed before loading.
 */
export function diffWithErrorReport(source: readonly KeyEntry[] | null, report: ErrorReport): ErrorReportDiff {
  const notes: string[] = [...report.notes];
  const reportedSizes = new Map(report.sizeMismatch.map((s) => [s.key, s]));
  const out: ErrorReportDiff = {
    matched: [],
    missing: [...report.missing],
    unexpected: [],
    shapeMismatch: [],
    dtypeMismatch: [],
    unknown: [],
    notes,
  };

  if (!source) {
    out.unexpected = [...report.unexpected];
    out.shapeMismatch = report.sizeMismatch.map((s) => ({ key: s.key, source: s.source, expected: s.expected }));
    notes.push('without the checkpoint, the error cannot tell which keys matched, nor any dtypes');
    if (report.truncated) notes.push('the error text was cut short, so its lists may be incomplete');
    return out;
  }

  const src = byKey(source);
  const reportedUnexpected = new Set(report.unexpected);
  const mentioned = new Set<string>([...report.missing, ...report.unexpected, ...reportedSizes.keys()]);

  // counters BatchNorm's load hook put in itself are no key of the file's (counterlessCounters): they say the model keeps none
  const hooked = counterlessCounters(report).filter((k) => !src.has(k));
  const strangerUnexpected = report.unexpected.filter((k) => !src.has(k) && !hooked.includes(k));
  if (hooked.length > 0) {
    notes.push(
      `${plural(hooked.length, 'counter')} the error calls unexpected (${examples(hooked)}) ${hooked.length === 1 ? 'was' : 'were'} put in by BatchNorm's own load hook (the state dict passed held none under ${hooked.length === 1 ? 'that name' : 'those names'}, nor a \`_metadata\` BatchNorm version 2) and refused: the model's ${hooked.length === 1 ? 'layer keeps' : 'layers keep'} no \`num_batches_tracked\` counter; its checkpoint counters have no place in it, and a strict load of any state dict without \`_metadata\` refuses the counter the hook adds, whatever its keys: leave the counters out and give the dict the model's metadata (\`state_dict = collections.OrderedDict((k, v) for k, v in state_dict.items() if not k.endswith('num_batches_tracked')); state_dict._metadata = model.state_dict()._metadata\`)`,
    );
  }
  // fields of the container are not this dict's keys: that is the finding below, not a contradiction
  if (strangerUnexpected.length > 0 && !passedWhole(source, report)) {
    notes.push(
      `${plural(strangerUnexpected.length, 'key')} the error calls unexpected ${strangerUnexpected.length === 1 ? 'is' : 'are'} not in this checkpoint (${examples(strangerUnexpected)}): the error was not produced by this checkpoint as it is`,
    );
  }
  const presentMissing = report.missing.filter((k) => src.has(k));
  if (presentMissing.length > 0 && presentMissing.length === report.missing.length && strangerUnexpected.length === report.unexpected.length && report.unexpected.length > 0 && report.unexpected.every((k) => !k.includes('.'))) {
    // every "missing" key is here and the "unexpected" ones are top-level names (`trainer`, `args`): the
    // error came from loading the container (the whole checkpoint) instead of this state dict inside it
    notes.push(
      `every key the error calls missing is in this state dict and none it calls unexpected is (${examples(report.unexpected)}): the error came from passing the whole checkpoint to load_state_dict instead of this state dict inside it`,
    );
  } else if (presentMissing.length > 0) {
    notes.push(
      `${plural(presentMissing.length, 'key')} the error calls missing ${presentMissing.length === 1 ? 'is' : 'are'} in this checkpoint (${examples(presentMissing)}): the error was not produced by this checkpoint as it is`,
    );
  }
  // the checkpoint is the truth about itself: a key it holds is not missing, whatever the error says
  if (presentMissing.length > 0) out.missing = report.missing.filter((k) => !src.has(k));
  const reportedMissing = new Set(presentMissing);

  // the checkpoint is the truth about itself: a reported mismatch it contradicts becomes what it shows
  const settled = new Set<string>();
  for (const s of report.sizeMismatch) {
    const have = src.get(s.key);
    if (!have) out.missing.push(s.key);
    else if (have.shape !== null && have.shape.join() === s.expected.join()) settled.add(s.key);
    else out.shapeMismatch.push({ key: s.key, source: have.shape ?? s.source, expected: s.expected });
  }
  const sizeDisagree = report.sizeMismatch.filter((s) => {
    const have = src.get(s.key);
    return !have || (have.shape !== null && have.shape.join() !== s.source.join());
  });
  if (sizeDisagree.length > 0) {
    notes.push(
      `${plural(sizeDisagree.length, 'size mismatch', 'size mismatches')} in the error ${sizeDisagree.length === 1 ? 'does' : 'do'} not fit this checkpoint's shapes (${examples(sizeDisagree.map((s) => s.key))}): the error was not produced by this checkpoint`,
    );
  }

  for (const e of src.values()) {
    if (reportedUnexpected.has(e.key)) out.unexpected.push(e.key);
    else if (settled.has(e.key) || reportedMissing.has(e.key)) out.matched.push(e.key);
    else if (!mentioned.has(e.key)) (report.truncated ? out.unknown : out.matched).push(e.key);
  }
  if (report.truncated) {
    notes.push(
      `the error text was cut short: it lists ${plural(report.missing.length, 'missing key')}, ${plural(report.unexpected.length, 'unexpected key')} and ${plural(report.sizeMismatch.length, 'size mismatch', 'size mismatches')}, but may have held more, so ${plural(out.unknown.length, 'checkpoint key')} it does not mention could be matched or unexpected`,
    );
  } else if (out.matched.length > settled.size + reportedMissing.size) {
    const assumed = out.matched.length - settled.size - reportedMissing.size;
    notes.push(assumedMatchedNote(assumed));
  }
  if (source.some((e) => e.dtype !== null)) notes.push('an error text holds no dtypes, so dtype mismatches cannot be checked');
  if (report.missing.length > 0) notes.push('the error gives no shapes for the missing keys');
  return out;
}
