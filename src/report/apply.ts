/**
 * What `apply` says: with --dry-run, every change the plan would make (renamed, dropped, transposed,
 * split, concatenated, left missing) and where the output would go; after a real run, a short summary
 * of what was written and which checks passed.
 */
import { failsTarget, strictLoad, type TargetCheck } from '../apply/apply-target.js';
import { tiedApartWords } from '../plan/tied-writes.js';
import { orderChoiceWords } from '../plan/selection-choice.js';
import { formatKeyPath } from '../analysis/select.js';
import type { ApplyPreview, ApplyResult, StorageCopy } from '../apply/apply.js';
import type { Recipe } from '../analysis/op-keys.js';
import { groupKeys, groupRenames, renderGroups } from '../analysis/group.js';
import { pythonAccess } from '../formats/python-source.js';
import { mergeRepeated } from './answer.js';
import { datasetHeadExitLine, datasetHeadText, listedKeys } from './dataset-head.js';
import { printable } from './printable.js';
import { paint, type Style } from './style.js';
import { formatBytes, formatCount } from './table.js';

/** Changes listed per kind before "… and N more" (--all lifts it). */
const DEFAULT_LIMIT = 20;

function list<T>(items: readonly T[], show: (x: T) => string, limit: number): string[] {
  const shown = items.slice(0, limit).map((x) => `    ${printable(show(x))}`);
  if (items.length > limit) shown.push(`    … and ${formatCount(items.length - limit)} more (--all lists every one)`);
  return shown;
}

/** Keys as grouped lines (`layers.{0..11}.attn.{q,k}.weight  (24 keys)`), at most `limit` lines. */
function keyList(keys: readonly string[], limit: number): string[] {
  return renderGroups(groupKeys(keys), { counts: true, maxLines: limit }).map((l) => `    ${printable(l)}`);
}

/** Renames grouped by the template that produced them: one line for the same rename in every layer. */
function renameList(renames: readonly { from: string; to: string }[], limit: number): string[] {
  return list(groupRenames(renames), (g) => `${g.from} → ${g.to}${g.renames.length > 1 ? `  (${formatCount(g.renames.length)} keys)` : ''}`, limit);
}

const stackedOf = (c: ApplyPreview['changes']) => c.concat.filter((x) => x.stacked);
const catOf = (c: ApplyPreview['changes']) => c.concat.filter((x) => !x.stacked);

/** What the plan does, counted: `12 renamed, 3 dropped, 2 left missing`. */
function countsText(c: ApplyPreview['changes']): string {
  return [
    c.renamed.length && `${formatCount(c.renamed.length)} renamed`,
    c.tied.length && `${formatCount(c.tied.length)} tied (a second name for a written tensor)`,
    c.kept.length && `${formatCount(c.kept.length)} unchanged`,
    c.transposed.length && `${formatCount(c.transposed.length)} transposed`,
    c.reshaped.length && `${formatCount(c.reshaped.length)} reshaped`,
    c.split.length && `${formatCount(c.split.length)} split into ${formatCount(c.split.reduce((n, x) => n + x.into.length, 0))}`,
    // a stack op's outputs are concats of unsqueezed parts underneath: said as what the plan does (review 23 F8)
    stackedOf(c).length && `${formatCount(stackedOf(c).length)} stacked`,
    catOf(c).length && `${formatCount(catOf(c).length)} concatenated`,
    c.dropped.length && `${formatCount(c.dropped.length)} dropped`,
    c.missing.length && `${formatCount(c.missing.length)} left missing`,
  ].filter(Boolean).join(', ') || 'no tensors';
}

function selectText(select: readonly (string | number)[]): string {
  return select.length === 0 ? '(root)' : select.map(String).join('/');
}

/**
 * Where the model's state dict sits in the output: with --keep-container the output is the whole
 * checkpoint, and load_state_dict takes the dict inside it, not the file torch.load returns.
 */
function stateDictInOutput(p: ApplyPreview): string {
  return p.keepContainer && p.source.select.length > 0 ? `${pythonAccess(p.source.select)} of the output` : 'the output';
}

function outputText(p: ApplyPreview): string {
  // a DCP folder renamed in place stays a DCP folder (review19 F7)
  if (p.dcpInPlace) return `${p.out} (DCP folder, renamed in place: its .metadata rewritten)`;
  // sharded output that fits in one shard is one file without an index, as transformers writes it (review19 F10)
  const oneShard = p.sharded && 'written' in p && (p as ApplyResult).written.files.length === 1;
  const what = p.keepContainer ? `the whole checkpoint, state dict replaced at ${pythonAccess(p.source.select)}` : 'the state dict alone';
  const fmt = p.format === 'torch' ? 'torch zip' : 'safetensors';
  return `${p.out} (${fmt}${oneShard ? ', one file and no index: everything fits in one shard' : p.sharded ? ', sharded with an index' : ''}; ${what})`;
}

function header(style: Style, p: ApplyPreview): string[] {
  const lines = [
    `${paint(style, 'bold', 'source')}  ${p.source.file} (${p.source.format}, ${formatBytes(p.source.size)}), state dict at ${selectText(p.source.select)}`,
    `${paint(style, 'bold', 'output')}  ${outputText(p)}`,
  ];
  if (p.forced.length > 0) lines.push(paint(style, 'yellow', `--force: the plan was made for another file (${p.forced.join('; ')})`));
  return lines;
}

/**
 * Each step of an output's chain of transposes and reshapes, in the order they run: a reorder of fused q/k/v
 * rows is reshape, transpose, reshape (then a Conv1D transpose), and the first permutation alone hides the
 * rest. A single step reads as before (`dims [1, 0]`, `to [64, 3, 1, 1]`).
 */
function chainText(recipe: Recipe | undefined, single: string): string {
  const steps: string[] = [];
  for (let r = recipe; r && (r.kind === 'transpose' || r.kind === 'reshape'); r = r.of) {
    steps.unshift(r.kind === 'transpose' ? `transpose dims [${r.dims.join(', ')}]` : `reshape${r.shape ? ` to [${r.shape.join(', ')}]` : ''}`);
  }
  return steps.length > 1 ? steps.join(', then ') : single;
}

export function renderDryRun(style: Style, p: ApplyPreview, opts: { all?: boolean } = {}): string {
  const limit = opts.all ? Infinity : DEFAULT_LIMIT;
  const c = p.changes;
  // the answer first: what would be written and what the plan does to it, then where, then the lists
  const out = [paint(style, 'bold', `dry run: nothing written. ${formatCount(c.outputs.length)} tensors would be written (${formatBytes(p.totalBytes)}): ${countsText(c)}`), ''];
  out.push(...header(style, p), '');
  const section = (title: string, n: number, lines: string[]) => {
    if (n === 0) return;
    out.push(`  ${title} (${formatCount(n)})`);
    out.push(...lines);
  };
  section('renamed', c.renamed.length, renameList(c.renamed, limit));
  section('tied', c.tied.length, list(c.tied, (t) => `${t.to} = ${t.from} (one tensor, two names)`, limit));
  const recipes = c.transposed.length + c.reshaped.length > 0 ? new Map(c.outputs.map((o) => [o.key, o.recipe])) : null;
  section('transposed', c.transposed.length, list(c.transposed, (t) => `${t.from}${t.to !== t.from ? ` → ${t.to}` : ''}  ${chainText(recipes?.get(t.to), `dims [${t.dims.join(', ')}]`)}`, limit));
  section('reshaped', c.reshaped.length, list(c.reshaped, (t) => `${t.from}${t.to !== t.from ? ` → ${t.to}` : ''}  ${chainText(recipes?.get(t.to), `to [${t.shape.join(', ')}]`)}`, limit));
  section('split', c.split.length, list(c.split, (s) => `${s.from} → ${s.into.join(', ')}`, limit));
  section('stacked', stackedOf(c).length, list(stackedOf(c), (s) => `${s.from.join(' + ')} → ${s.into}`, limit));
  section('concatenated', catOf(c).length, list(catOf(c), (s) => `${s.from.join(' + ')} → ${s.into}`, limit));
  section(paint(style, 'red', 'dropped'), c.dropped.length, keyList(c.dropped, limit));
  if (c.kept.length > 0) out.push(`  unchanged (${formatCount(c.kept.length)})`);
  section(paint(style, 'yellow', 'left missing: the model keeps its own values'), c.missing.length, keyList(c.missing, limit));
  out.push('');
  out.push(...checks(p));
  for (const n of mergeRepeated(p.notes)) out.push(`note: ${n}`);
  return out.join('\n');
}

function checks(p: ApplyPreview): string[] {
  const lines = [identityLine(p.hash)];
  if (p.metadata) {
    const dropped = p.metadata.dropped.length ? `, ${p.metadata.dropped.length} dropped (${p.metadata.dropped.slice(0, 3).map((m) => `'${m}'`).join(', ')}${p.metadata.dropped.length > 3 ? ', …' : ''})` : '';
    lines.push(p.metadata.carried
      ? `module versions (_metadata): ${p.metadata.entries} carried, ${p.metadata.renamed} renamed${dropped}`
      : 'module versions (_metadata): not carried');
  }
  return lines;
}

function identityLine(hash: ApplyPreview['hash']): string {
  if (hash === 'key set matched') return "source: another file than the plan's, with the key set it was made for (names, shapes and dtypes; e.g. another snapshot of the run)";
  if (hash === 'unchanged since plan') return 'source unchanged since `plan` hashed it (same device, inode, size, mtime, ctime): sha256 not re-read (--full-hash re-reads it)';
  if (hash === 'entries matched') return "source: its zip directory's names, sizes and CRC-32s match the plan's (entries digest; the plan recorded no sha256, made with --no-hash)";
  return `sha256: ${hash}`;
}

/**
 * How the storages were written. The source's old data.pkl, left in the copy when storages follow it,
 * is overwritten with zeros in the output and listed by no entry (apply-fast.ts zeroUnlisted): said as
 * what happens to the new file, never as if the source were touched (it is only read).
 */
export function storagesText(s: StorageCopy): string {
  if (s.kind === 'streamed') return `streamed storages from the source (no in-kernel copy: ${s.why})`;
  if (s.kind === 'metadata-only') return 'no tensor bytes written: only the DCP folder\'s .metadata was rewritten, its data files are as they were';
  const left = s.orphans.map((o) => `the source's old ${o.name.slice(o.name.lastIndexOf('/') + 1)} (${formatBytes(o.bytes)})`).join(', ');
  const note = left ? `; in the output, the place of ${left} is filled with zeros and listed by no entry (the source file is not changed)` : '';
  return `copied storages in-kernel (the source copied whole, only its data.pkl and zip directory rewritten)${note}`;
}

/**
 * What apply says after writing: the answer first (does the output load into the model, and what was
 * written), then where it came from and the checks that passed.
 */
export function renderApplied(style: Style, r: ApplyResult, target: TargetCheck): string {
  const last = exitLine(target);
  // values a strict load cannot check are said last too, where `| tail -1` in a script looks (review 23 F8)
  const unverified = last === null ? guessesLine(target).replace(/^; /, '') : '';
  const tail = last ? `\n${paint(style, 'red', last)}` : unverified ? `\n${paint(style, 'yellow', unverified)}` : '';
  return `${renderTargetCheck(style, target, stateDictInOutput(r))}\n${renderApplySummary(style, r)}${tail}`;
}

export function renderApplySummary(style: Style, r: ApplyResult): string {
  const c = r.changes;
  const counts = countsText({ ...c, missing: [] });
  const secs = r.written.seconds;
  const rate = secs > 0 ? `, ${formatBytes(r.written.bytes / secs)}/s` : '';
  const out = [
    `${paint(style, 'green', 'wrote')} ${r.written.files.length === 1 ? r.written.files[0] : `${r.written.files.length} files in ${r.out}`}: ${formatCount(r.written.tensors)} tensors, ${formatBytes(r.written.bytes)} in ${secs.toFixed(2)} s${rate}`,
    `  ${counts}`,
    `  ${storagesText(r.written.storages)}`,
    '',
    ...header(style, r),
  ];
  if (c.missing.length > 0) out.push(`  ${paint(style, 'yellow', `${formatCount(c.missing.length)} target key(s) left missing`)} by the plan: ${listedKeys(c.missing)}`);
  out.push(`written as planned: re-read the output: keys, dtypes, shapes and storage sizes as the plan says`);
  out.push(...checks(r));
  for (const n of mergeRepeated(r.notes)) out.push(`note: ${n}`);
  return out.join('\n');
}

const listed = (items: readonly string[]) => `${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''}`;
/** Keys in a one-line summary: numbered runs collapsed (`blocks.{0..11}.attn.weight`), five lines at most. */

/**
 * What a check against an error text verified: only the keys it names. A cut text names fewer than the
 * model has, and a guessed drop (--allow-guessed-drops) is exactly a key the text could not settle, so
 * neither is called "verified"; a cut text does not show that the output loads at all (exit 1).
 */
function errorTextCheckLine(c: TargetCheck, what: string): string {
  const named = `none of ${what} is missing, unexpected or of another shape in the output`;
  const guessed = guessedText(c);
  if (c.cut) return `not shown to load with strict=True: ${named}, but the text was cut, so the keys past the cut were not checked (give the whole error text, or run sdmatch diff OUT MODEL)${guessed}`;
  // a model key the error lists by name alone has no shape to compare with: "of another shape" would be vacuous
  if (c.datasetHead) return `not shown to load with strict=True: none of ${what} is missing or unexpected in the output, but the error gives no shapes for ${c.unshaped === 1 ? 'one of them' : `${c.unshaped} of them`} (it lists the model's keys by name), so ${c.unshaped === 1 ? 'its shape was' : 'their shapes were'} not compared, and ${datasetHeadText(c.datasetHead, "the output's")}: compare \`model.state_dict()['${c.datasetHead.keys[0]}'].shape\`, or run sdmatch diff OUT MODEL${guessed}`;
  if (c.unshaped) return `checked, not verified: none of ${what} is missing or unexpected in the output, but the error gives no shapes for ${c.unshaped === 1 ? 'one of them' : `${c.unshaped} of them`} (it lists the model's keys by name), so ${c.unshaped === 1 ? 'its shape was' : 'their shapes were'} not compared and a strict load may still refuse one of another size: sdmatch diff OUT MODEL checks them${guessed}`;
  const head = c.guessedDrops ? `checked, not verified: ${named}` : `verified against ${what}: ${named.replace(`none of ${what}`, 'none')}`;
  return `${head} (the keys the error does not name are not known: sdmatch diff OUT MODEL checks them all)${guessed}`;
}

function guessedText(c: TargetCheck): string {
  return c.guessedDrops ? `; ${c.guessedDrops === 1 ? 'one drop was' : `${c.guessedDrops} drops were`} a guess (--allow-guessed-drops): if the model has those keys, load_state_dict(strict=True) reports them missing` : '';
}

/** Counters the output lacks that torch fills in: absent, so not "every key", but no failure of the load. */
function countersText(c: TargetCheck): string {
  const n = c.counters?.length ?? 0;
  return n === 0 ? '' : ` but ${n === 1 ? 'one BatchNorm `num_batches_tracked` counter' : `${formatCount(n)} BatchNorm \`num_batches_tracked\` counters`}, which BatchNorm fills in as it loads`;
}

/**
 * What a strict load does not check: the values of ops that rest on a guess (plan/guesses.ts). Said on the
 * first line, beside "accepts", since that is the line a user acts on.
 */
function guessesLine(c: TargetCheck): string {
  const g = c.guesses ?? [];
  const stored = c.loadsAsStored ?? [];
  const order = c.chosenByOrder ? orderChoiceWords(c.chosenByOrder.select, c.chosenByOrder.rivals) : null;
  if (g.length === 0 && stored.length === 0) return order ? `; not verified: ${order}` : '';
  const named = `${g.slice(0, 4).map((x) => `ops[${x.index}]`).join(', ')}${g.length > 4 ? ', …' : ''}`;
  const ops = g.length === 0 ? null : `the values of ${g.length === 1 ? 'one op that rests' : `${formatCount(g.length)} ops that rest`} on a guess (${named}: ${g[0]!.why}${g.length > 1 ? ', …' : ''})`;
  const kernels = stored.length === 0 ? null : `${stored.length === 1 ? 'one weight' : `${formatCount(stored.length)} weights`} written as stored although nothing decided ${stored.length === 1 ? 'its' : 'their'} layout (${listedKeys(stored)}: may be transposed)`;
  return `; not verified: ${[ops, kernels].filter(Boolean).join('; and ')}, which a strict load cannot catch: check those tensors (sdmatch plan's report says what each rests on)${order ? `; nor ${order}` : ''}`;
}

/** The model's ties whose tensors the output holds with equal bytes (review 25 F7): what a strict load does not show, said. */
function tiesEqualText(c: TargetCheck): string {
  const g = c.tiesEqual ?? [];
  if (g.length === 0) return '';
  return `; the model ties ${g.map((t) => t.map((k) => `\`${k}\``).join(' and ')).join('; ')}, and the output's tensors under those names hold equal bytes (compared): the tie keeps the values both hold, and nothing is lost`;
}

/** A tie written from separate tensors whose bytes apply did not compare (too large to read whole). */
function tiesUnreadWords(groups: readonly (readonly string[])[]): string {
  const g = groups[0]!;
  const names = g.map((k) => `\`${k}\``).join(' and ');
  return `the model ties ${names} (one tensor) and the plan writes them from separate tensors of the checkpoint whose bytes were not compared (too large to read whole); where they differ, torch keeps \`${g[g.length - 1]}\`'s and the others' trained values are lost: compare them (torch.equal on the output's tensors) before trusting the output`;
}

/** The keys that keep the output from loading: `2 missing (…), 1 unexpected (…)`. */
function refusedKeys(c: TargetCheck): string {
  return [
    c.missing.length && `${formatCount(c.missing.length)} missing (${listedKeys(c.missing)})`,
    c.unexpected.length && `${formatCount(c.unexpected.length)} unexpected (${listedKeys(c.unexpected)})`,
    c.shapes.length && `${formatCount(c.shapes.length)} of another shape (${listed(c.shapes.map((s) => `${s.key} [${s.have.join(', ')}] vs [${s.want.join(', ')}]`))})`,
  ].filter(Boolean).join(', ');
}

/**
 * apply's first line, the answer: whether the output loads with strict=True into the target the plan was
 * made against. "verified" is said only when it was compared with that target and nothing differs.
 */
export function renderTargetCheck(style: Style, c: TargetCheck, output = 'the output'): string {
  // a target file the plan names that is not here: nothing about the output is known, and that is no success
  if (c.against === 'none') return paint(style, c.unreached ? 'red' : 'yellow', `not checked against the model: ${c.why ?? 'no target'}; ${c.unreached ? 'give it with --target MODEL, or ' : ''}run sdmatch diff OUT MODEL to check it`);
  const what = c.against === 'model' ? c.target : `the keys ${c.target} names`;
  const known = strictLoad(c);
  // torch accepts it and keeps one tensor of a tie: never "verified" (review 23 F3)
  if ((known === 'loads' || known === 'names') && c.tiedApart && c.tiedApart.length > 0) {
    return paint(style, 'red', `load_state_dict(strict=True) accepts ${output} into ${what}, but trained weights are lost: ${tiedApartWords(c.tiedApart)}${guessesLine(c)}`);
  }
  // a tie written from separate tensors too large to compare: not verified, never passed (review 25 F7)
  if ((known === 'loads' || known === 'names') && c.tiesUnread && c.tiesUnread.length > 0) {
    return paint(style, 'yellow', `load_state_dict(strict=True) accepts ${output} into ${what}, but whether trained weights are lost is not verified: ${tiesUnreadWords(c.tiesUnread)}${guessesLine(c)}`);
  }
  if (known === 'loads' || known === 'names' || known === 'unknown') {
    const guessed = guessesLine(c);
    return paint(style, c.cut || c.guessedDrops || c.unshaped || guessed ? 'yellow' : 'green', c.against === 'model'
      ? `${guessed ? 'keys and shapes verified' : 'verified'} against ${c.target}: every key it expects is there with its shape${countersText(c)}, and nothing else: load_state_dict(strict=True) accepts ${output}${tiesEqualText(c)}${guessed}`
      : `${errorTextCheckLine(c, what)}${guessed}`);
  }
  const past = c.cut ? ' (and the text was cut: the keys past the cut were not checked)' : '';
  return paint(style, 'red', `the output does not load with strict=True into ${what}: ${refusedKeys(c)}${past}`);
}

/**
 * apply's last line when it exits 1 (the output written, not shown to load into the target): why, in
 * one line a CI log ends with; null when it exits 0.
 */
export function exitLine(c: TargetCheck): string | null {
  if (!failsTarget(c)) return null;
  if (c.against === 'none') return `exit 1: the output was compared with no model: ${c.why ?? 'no target'}`;
  const into = c.against === 'model' ? c.target : `the model behind ${c.target}`;
  if ((strictLoad(c) === 'loads' || strictLoad(c) === 'names') && c.tiedApart) return `exit 1: load_state_dict(strict=True) into ${into} accepts the output, but keeps one tensor of a tie the plan writes from two: \`${c.tiedApart[0]!.slice(0, -1).join('`, `')}\`'s trained values are lost`;
  if ((strictLoad(c) === 'loads' || strictLoad(c) === 'names') && c.tiesUnread) return `exit 1: load_state_dict(strict=True) into ${into} accepts the output, but whether trained weights are lost is not verified: ${tiesUnreadWords(c.tiesUnread)}`;
  const stored = c.loadsAsStored ?? [];
  const order = c.chosenByOrder;
  if ((strictLoad(c) === 'loads' || strictLoad(c) === 'names') && order && stored.length === 0) return `exit 1: load_state_dict(strict=True) into ${into} accepts the output, but it holds \`${formatKeyPath(order.select)}\`, chosen by the file's order over ${order.rivals.map((p) => `\`${formatKeyPath(p)}\``).join(', ')}, which ${order.rivals.length === 1 ? 'fits' : 'fit'} as well: not verified as the state dict you meant (choose with plan --select)`;
  if ((strictLoad(c) === 'loads' || strictLoad(c) === 'names') && stored.length > 0) return `exit 1: load_state_dict(strict=True) into ${into} accepts the output, but ${stored.length === 1 ? "one weight's layout is" : `${formatCount(stored.length)} weights' layouts are`} undecided (${listedKeys(stored)}): written as stored, ${stored.length === 1 ? 'it' : 'they'} may be transposed (wrong values, no error); check ${stored.length === 1 ? 'it' : 'them'} against a trusted conversion`;
  if (strictLoad(c) !== 'unknown') return `exit 1: load_state_dict(strict=True) into ${into} refuses the output: ${refusedKeys(c)}`;
  return c.cut
    ? `exit 1: the output is not shown to load with strict=True into ${into}: the error text was cut, so keys past the cut may still be missing or unexpected`
    : datasetHeadExitLine('the output', into, c.datasetHead!);
}
