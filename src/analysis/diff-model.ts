import { MODULE_OBJECT_LOAD, stateDictHolder, type StateDictHolder } from '../checkpoint/state-dict-holder.js';
import { counterBeside, counterFilledIn, countersFilledIn, dictVersions } from './module-versions.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { pythonAccess } from '../formats/python-source.js';
import { fieldsAlong } from '../checkpoint/walk.js';
import { diffKeys, diffWithErrorReport, passedWhole, type KeyDiff } from './diff.js';
import type { ResolvedSide } from './sides.js';
import type { CheckpointFormat, KeyPath } from '../checkpoint/types.js';
import { checkpointSafetyOf, type CheckpointSafety } from '../checkpoint/safety.js';
import type { ErrorKind, ErrorReport } from '../formats/error-text.js';
import { sameShape, type KeyEntry } from '../formats/keys.js';
import { keyExamples as examples, plural as count } from './prose.js';

/**
 * Everything `sdmatch diff` reports, computed once and then rendered either for people
 * (report/diff.ts) or as JSON (report/diff-json.ts), so the two can never disagree.
 */

export type SideKind = ResolvedSide['kind'];

export interface SideDescription {
  file: string;
  kind: SideKind;
  /** the checkpoint's container format; null for manifests, key lists and error texts */
  format: CheckpointFormat | null;
  /** the compared state dict inside a checkpoint; null for other kinds */
  selected: KeyPath | null;
  /** keys in the compared key set; null for an error text, which names only the keys that differed */
  keys: number | null;
  /** for an error text: what kind, for which model class, and whether it was cut short */
  error: { kind: ErrorKind; model: string | null; truncated: boolean } | null;
}

/** How the state dict inside a checkpoint side was chosen. */
export interface SelectionSummary {
  path: KeyPath;
  /** `auto`: ranked against the other side; `option`: named with --select / --select-expected */
  by: 'auto' | 'option';
  /** one sentence naming the chosen dict, how well it fits, and the runner-up; null with `option` */
  reason: string | null;
  runnerUp: KeyPath | null;
  /** how many state dicts the file holds */
  candidates: number;
}

export interface DiffReport extends KeyDiff {
  source: SideDescription;
  expected: SideDescription;
  sourceSelection: SelectionSummary | null;
  expectedSelection: SelectionSummary | null;
  /** keys of the compared dict whose values are not tensors (informational: not a difference) */
  nonTensor: string[];
  /** checkpoint keys whose fate a cut-short error text leaves open */
  unknown: string[];
  /** keys of `missing` that are BatchNorm counters BatchNorm fills in when loading (module-versions.ts): no failure of a strict load */
  filledCounters: string[];
  diagnosis: DiffDiagnosis[];
  /** what an error text alone could not tell, and where it disagrees with the other side */
  notes: string[];
  /** each checkpoint side's safety verdict (`checkpointSafety` in every command's JSON) */
  checkpointSafety: CheckpointSafety[];
  /** the source's state dict sits in what is no state dict (a whole module, TorchScript, npz: state-dict-holder.ts); null when it is one */
  holder: StateDictHolder | null;
}

/**
 * A folder sdmatch builds the state dict of (DeepSpeed, Megatron-LM, DCP): what `sdmatch plan` then `sdmatch apply`
 * need to write it as one file. The analysis prints no command line: the report makes it from these facts through
 * report/command-line.ts, quoted for the shell and with the `--select` of the state dict compared.
 */
export interface OneFileStep {
  folder: string;
  expected: string;
  select: KeyPath;
}

/** A finding of the diff; a folder's `nested` one carries its one-file step, whose words end its message (ONE_FILE_STEP). */
export interface DiffDiagnosis extends Diagnosis {
  oneFile?: OneFileStep;
}

/** The end of a folder's `nested` finding, which the report words as the commands themselves. */
export const ONE_FILE_STEP = '`sdmatch plan`, then `sdmatch apply`, write it as one file to load';

/**
 * Whether a strict load of SOURCE as it is fails: its keys differ, or the file is no state dict at all (review 22
 * F3: a `torch.save(model)` file whose keys match was "same", exit 0, and torch raises on it).
 */
export function hasDifferences(r: KeyDiff & { unknown: readonly string[]; holder?: StateDictHolder | null }): boolean {
  return r.missing.length + r.unexpected.length + r.shapeMismatch.length + r.dtypeMismatch.length + r.unknown.length > 0 || (r.holder ?? null) !== null;
}

/**
 * Whether load_state_dict(strict=True) of SOURCE into EXPECTED fails, which diff's exit code says (`diff --help`:
 * 0 "would succeed"): keys missing (but for BatchNorm counters BatchNorm fills in), unexpected or of another shape,
 * keys a cut error text leaves open, or a file that is no state dict. A dtype alone is cast on copy (review 22 F8:
 * a pair differing only in filled-in counters printed "strict=True succeeds" and exited 1, where plan exits 0).
 */
export function strictLoadFails(r: DiffReport): boolean {
  return r.missing.length - r.filledCounters.length + r.unexpected.length + r.shapeMismatch.length + r.unknown.length > 0 || r.holder !== null;
}

function describeSide(side: ResolvedSide): SideDescription {
  const r = side.report;
  return {
    file: side.file,
    kind: side.kind,
    format: side.checkpoint?.format ?? null,
    selected: side.selected,
    keys: r ? null : side.entries.length,
    error: r ? { kind: r.kind, model: r.modelName, truncated: r.truncated } : null,
  };
}

function summarizeSelection(side: ResolvedSide): SelectionSummary | null {
  if (side.selected === null || side.checkpoint === null) return null;
  const candidates = side.checkpoint.stateDicts.length;
  const sel = side.selection;
  if (!sel) return { path: side.selected, by: 'option', reason: null, runnerUp: null, candidates };
  return { path: side.selected, by: 'auto', reason: sel.reason, runnerUp: sel.runnerUp?.path ?? null, candidates };
}

const isAre = (n: number) => (n === 1 ? 'is' : 'are');

interface ErrorAgainstModel extends KeyDiff {
  unknown: string[];
  notes: string[];
}

/**
 * The diff when SOURCE is an error text and EXPECTED describes the model (a manifest, a key list or
 * a checkpoint of the model's own weights). The mirror of diffWithErrorReport: the model is the
 * truth about which keys it has and their shapes; the error is the only word on the checkpoint.
 * Every way the two disagree becomes a note, since it means the error came from another model.
 */
export function diffErrorAgainstModel(report: ErrorReport, model: readonly KeyEntry[]): ErrorAgainstModel {
  const exp = new Map<string, KeyEntry>();
  for (const e of model) if (!exp.has(e.key)) exp.set(e.key, e);
  const notes = [...report.notes];
  const out: ErrorAgainstModel = { matched: [], missing: [], unexpected: [], shapeMismatch: [], dtypeMismatch: [], unknown: [], notes };

  const strangerMissing = report.missing.filter((k) => !exp.has(k));
  const reportedMissing = new Set(report.missing);
  if (strangerMissing.length > 0) {
    notes.push(
      `${count(strangerMissing.length, 'key')} the error calls missing ${isAre(strangerMissing.length)} not in EXPECTED (${examples(strangerMissing)}): the error was not produced by this model`,
    );
  }
  const presentUnexpected = report.unexpected.filter((k) => exp.has(k));
  if (presentUnexpected.length > 0) {
    notes.push(
      `${count(presentUnexpected.length, 'key')} the error calls unexpected ${isAre(presentUnexpected.length)} in EXPECTED (${examples(presentUnexpected)}): the error was not produced by this model`,
    );
  }
  for (const k of report.unexpected) if (!exp.has(k)) out.unexpected.push(k);

  const sized = new Set<string>();
  const settled = new Set<string>();
  const sizeDisagree: string[] = [];
  for (const s of report.sizeMismatch) {
    const have = exp.get(s.key);
    if (!have) {
      // the model lacks the key, so to this model it is an unexpected checkpoint key
      out.unexpected.push(s.key);
      sizeDisagree.push(s.key);
      continue;
    }
    if (have.shape !== null && !sameShape(have.shape, s.expected)) sizeDisagree.push(s.key);
    if (have.shape !== null && sameShape(have.shape, s.source)) {
      settled.add(s.key); // the checkpoint's shape fits this model after all
      continue;
    }
    sized.add(s.key);
    out.shapeMismatch.push({ key: s.key, source: s.source, expected: have.shape ?? s.expected });
  }
  if (sizeDisagree.length > 0) {
    notes.push(
      `${count(sizeDisagree.length, 'size mismatch', 'size mismatches')} in the error ${sizeDisagree.length === 1 ? 'does' : 'do'} not fit EXPECTED's shapes (${examples(sizeDisagree)}): the error was not produced by this model`,
    );
  }

  const presentSet = new Set(presentUnexpected);
  let assumed = 0;
  for (const e of exp.values()) {
    if (sized.has(e.key)) continue;
    if (reportedMissing.has(e.key)) out.missing.push(e.key);
    else if (presentSet.has(e.key) || settled.has(e.key)) out.matched.push(e.key);
    else if (report.truncated) out.unknown.push(e.key);
    else {
      out.matched.push(e.key);
      assumed++;
    }
  }
  if (report.truncated) {
    notes.push(
      `the error text was cut short, so ${count(out.unknown.length, 'key')} of EXPECTED it does not mention could be matched or missing`,
    );
  } else if (assumed > 0) {
    notes.push(`${count(assumed, 'key')} of EXPECTED that the error does not mention ${isAre(assumed)} assumed matched`);
  }
  notes.push('without the checkpoint, the error tells no dtypes and no shapes of the keys it calls unexpected');
  return out;
}

/** The model's keys as a diff with an error text implies them: everything the checkpoint had that the model did not reject. */
export function modelImpliedBy(diff: KeyDiff, source: readonly KeyEntry[]): KeyEntry[] {
  const byKey = new Map(source.map((e) => [e.key, e]));
  const shape = new Map(diff.shapeMismatch.map((m) => [m.key, m.expected]));
  const out: KeyEntry[] = [];
  for (const e of source) {
    const s = shape.get(e.key);
    if (s) out.push({ key: e.key, shape: s, dtype: null });
  }
  for (const k of diff.matched) out.push(byKey.get(k) ?? { key: k, shape: null, dtype: null });
  for (const k of diff.missing) out.push({ key: k, shape: null, dtype: null });
  return out;
}

/**
 * The model's keys when the error came from the whole checkpoint object: nothing loaded, so all of them
 * are named, but for one kind. BatchNorm fills in its own `num_batches_tracked` when the dict passed records
 * no BatchNorm version 2 for it (module-versions.ts), so torch never lists that counter missing; a layer
 * that keeps running statistics keeps the counter too (s17-verify F5: without it, every counter of the
 * checkpoint's state dict read as "unexpected" and diff failed a dict that loads with strict=True).
 * `passedVersions`: what the whole object's `_metadata` records (empty for a plain dict, the usual case).
 */
export function modelOfWholePass(report: ErrorReport, passedVersions: ReadonlyMap<string, number>): KeyEntry[] {
  const named = new Set([...report.missing, ...report.sizeMismatch.map((m) => m.key)]);
  const counters = new Set<string>();
  for (const k of named) {
    const counter = counterBeside(k, (key) => named.has(key));
    if (counter !== null && counterFilledIn(counter, passedVersions)) counters.add(counter);
  }
  return [
    ...report.missing.map((key) => ({ key, shape: null, dtype: null })),
    ...report.sizeMismatch.map((m) => ({ key: m.key, shape: m.expected, dtype: null })),
    ...[...counters].map((key) => ({ key, shape: [] as number[], dtype: null })),
  ];
}

/** The checkpoint's keys as an error text against a known model implies them. */
export function checkpointImpliedBy(diff: KeyDiff, model: readonly KeyEntry[]): KeyEntry[] {
  const byKey = new Map(model.map((e) => [e.key, e]));
  return [
    ...diff.matched.map((k) => byKey.get(k) ?? { key: k, shape: null, dtype: null }),
    ...diff.shapeMismatch.map((m) => ({ key: m.key, shape: m.source, dtype: null })),
    ...diff.unexpected.map((k) => ({ key: k, shape: null, dtype: null })),
  ];
}

/** Why two error texts cannot be compared: neither side says which keys the model or the checkpoint has. */
export const TWO_ERROR_TEXTS = 'both sides are error texts; compare an error text with the checkpoint or with the model (a manifest or a key list)';

/**
 * Compare two resolved sides of any kind. Exactly one side may be an error text (the caller refuses
 * two). Diagnosis always sees full key sets: for an error text side, the ones the error implies.
 */
export function buildDiffReport(source: ResolvedSide, expected: ResolvedSide): DiffReport {
  if (source.report && expected.report) throw new Error(TWO_ERROR_TEXTS);
  let diff: KeyDiff;
  let unknown: string[] = [];
  let notes: string[] = [];
  let srcEntries = source.entries;
  let expEntries = expected.entries;
  // loaded as it is, the state dict inside: BatchNorm fills in the counters its own `_metadata` records no
  // version 2 for, so torch would not call those missing (s17-verify: "30 keys missing" where torch names 29)
  let wholeFilled: ((key: string) => boolean) | undefined;
  if (expected.report && source.selected !== null && source.selected.length > 0 && passedWhole(source.entries, expected.report)) {
    // the error came from the whole checkpoint object: nothing loaded, so the model's keys are exactly
    // what it calls missing or mis-sized, and the state dict inside is compared with those (review 16 F5:
    // taking its keys as "assumed matched" beside the same keys called missing hid the prefix they carry)
    const root = source.checkpoint?.root;
    expEntries = modelOfWholePass(expected.report, dictVersions(typeof root === 'object' && root !== null && root.kind === 'dict' ? root : null));
    diff = diffKeys(source.entries, expEntries);
    wholeFilled = countersFilledIn(source);
    const named = expected.report.missing.length + expected.report.sizeMismatch.length;
    const filledIn = expEntries.length - named;
    notes = [...expected.report.notes, `the error came from passing the whole checkpoint object, so nothing loaded and the ${count(named, 'key')} it calls missing or mis-sized are all the model's${filledIn > 0 ? ` (with ${count(filledIn, 'BatchNorm counter')} \`num_batches_tracked\`, which BatchNorm filled in, so torch did not name ${filledIn === 1 ? 'it' : 'them'})` : ''}: the state dict at \`${source.selected.map(String).join('/')}\` is compared with those`];
    if (source.entries.some((e) => e.dtype !== null)) notes.push('an error text holds no dtypes, so dtype mismatches cannot be checked');
    if (expected.report.missing.length > 0) notes.push('the error gives no shapes for the missing keys');
  } else if (expected.report) {
    const d = diffWithErrorReport(source.entries, expected.report);
    ({ unknown, notes } = d);
    diff = d;
    expEntries = modelImpliedBy(d, source.entries);
  } else if (source.report) {
    const d = diffErrorAgainstModel(source.report, expected.entries);
    ({ unknown, notes } = d);
    diff = d;
    srcEntries = checkpointImpliedBy(d, expected.entries);
  } else {
    diff = diffKeys(source.entries, expected.entries);
  }
  const { matched, missing, unexpected, shapeMismatch, dtypeMismatch } = diff;
  // whether BatchNorm fills a missing counter in is the file's to say (module-versions.ts); against an
  // error text, torch already said what it did
  const filled = wholeFilled ?? (source.report || expected.report ? undefined : countersFilledIn(source));
  const holder = source.checkpoint && source.selected ? stateDictHolder(source.checkpoint, source.selected) : null;
  return {
    source: describeSide(source),
    expected: describeSide(expected),
    sourceSelection: summarizeSelection(source),
    expectedSelection: summarizeSelection(expected),
    matched, missing, unexpected, shapeMismatch, dtypeMismatch,
    nonTensor: source.nonTensor,
    unknown,
    filledCounters: filled ? missing.filter(filled) : [],
    // the error's own account of a whole checkpoint passed leads; found from the keys, it follows what the keys say
    diagnosis: expected.report
      ? [...nestedFinding(source, expected, diff, holder, filled), ...diagnose(diff, srcEntries, expEntries, filled)]
      : [...holderFinding(holder), ...diagnose(diff, srcEntries, expEntries, filled), ...nestedFinding(source, expected, diff, holder, filled)],
    notes,
    checkpointSafety: checkpointSafetyOf([source, expected].map((s) => ({ file: s.file, safety: s.checkpoint?.safety ?? null }))),
    holder,
  };
}

/** Where the state dict compared sits when the file is no state dict, and the Python that gives it (leads: it decides the load). */
function holderFinding(holder: StateDictHolder | null): Diagnosis[] {
  if (holder === null) return [];
  return [{
    code: 'not-a-state-dict',
    message: `the file holds ${holder.holder}: ${holder.fails}; what was compared is its state dict, \`${holder.python}\`: pass that`,
    keys: [],
  }];
}

/** Folder layouts whose state dict sdmatch builds from several files: what it is, in words. */
const BUILT_BY_SDMATCH: Partial<Record<CheckpointFormat, string>> = {
  deepspeed: "what sdmatch rebuilds from the DeepSpeed ranks' files (the fp32 weights cut from the optimizer partitions)",
  megatron: "what sdmatch joins from the Megatron-LM ranks' pieces (tensor, pipeline and expert parallel)",
  dcp: 'what sdmatch reads from the torch.distributed.checkpoint shards',
};

/**
 * The whole checkpoint was passed where the state dict inside it belonged: where it sits, and the Python
 * that loads it. Against an error text, when the error shows it happened; against the model's keys,
 * whenever sdmatch itself found the state dict inside the file (not when --select named it): the
 * comparison is of that state dict, and `torch.load(FILE)` passed as it is fails on the fields around it.
 */
function nestedFinding(source: ResolvedSide, expected: ResolvedSide, diff: KeyDiff, holder: StateDictHolder | null, filled?: (key: string) => boolean): DiffDiagnosis[] {
  if (!source.selected || source.selected.length === 0) return [];
  // a pickled module at that place is no state dict either: its state_dict() is (review24 F5)
  const load = holder?.access ? `\`${holder.access}\` (${MODULE_OBJECT_LOAD})` : `\`${pythonAccess(source.selected)}\``;
  if (!expected.report) {
    if (source.selection === null || !source.checkpoint) return [];
    const made = BUILT_BY_SDMATCH[source.checkpoint.format];
    if (made) {
      // no file of the folder holds that state dict: `checkpoint['model']` would send the user to a key nothing has (review 14 F6)
      return [{
        code: 'nested',
        message: `the state dict compared, \`${source.selected.map(String).join('/')}\`, is ${made}: no file in the folder holds it, so no \`torch.load\` of one file gives it; ${ONE_FILE_STEP}`,
        keys: [],
        oneFile: { folder: source.file, expected: expected.file, select: source.selected },
      }];
    }
    const fields = [...fieldsAlong(source.checkpoint.root, source.selected.slice(0, 1))];
    const shown = fields.length > 0 ? ` (it would take the checkpoint's entries ${examples(fields)} for keys)` : '';
    return [{
      code: 'nested',
      message: `the state dict sits at \`${source.selected.map(String).join('/')}\` inside the checkpoint, and that is what was compared: passing the whole checkpoint (\`torch.load(...)\` as it is) to load_state_dict fails${shown}; load ${load}`,
      keys: fields,
    }];
  }
  if (!passedWhole(source.entries, expected.report)) return [];
  const at = source.selected.map(String).join('/');
  // loaded as it is, a state dict whose keys still differ fails too: "load it instead" must not read as the whole fix
  // counted as torch counts them: a counter BatchNorm fills in is not missing
  const missing = filled ? diff.missing.filter((k) => !filled(k)) : diff.missing;
  const differ = missing.length + diff.unexpected.length + diff.shapeMismatch.length;
  const then = differ > 0
    ? `, but its keys still differ from the model's (${count(missing.length, 'key')} missing, ${diff.unexpected.length} unexpected), so loaded as it is it fails too: fix its keys as below (the plan and apply on the fix line write a checkpoint that loads with strict=True)`
    : ' instead';
  return [{
    code: 'nested',
    message: `the state dict sits at \`${at}\` inside the checkpoint: the error came from passing the whole checkpoint object to load_state_dict (its fields ${expected.report.unexpected.slice(0, 4).map((k) => `\`${k}\``).join(', ')} are what the model called unexpected); load ${load}${then}`,
    keys: [...expected.report.unexpected],
  }];
}
