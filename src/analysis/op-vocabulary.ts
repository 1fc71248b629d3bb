/**
 * The op vocabulary of remap plans: every op kind, its fields, and what it does to key names. Plan
 * inference (src/analysis/infer) makes these ops, the plan format (src/plan) stores and validates
 * them, and apply (src/apply) executes them; all three import them from here, so each fact lives
 * once. The full execution over keys (shapes, tensor recipes, errors) is src/analysis/op-keys.ts.
 *
 * Ops apply in order, each to the keys as earlier ops left them (a pipeline):
 * - strip_prefix: keys starting with the prefix lose it; other keys are untouched.
 * - add_prefix: every key gets the prefix (a prefix on part of the keys is a `rename` with `^`).
 * - rename: the first match of the regex is replaced (`$1` = group 1, `${1+1}` index arithmetic on it);
 *   keys without a match are untouched, and so are keys whose arithmetic has no index to work on.
 * - drop: keys the regex matches are removed.
 * - transpose / reshape / rope_permute keep the name; split / concat / stack / copy make new names (see the types).
 */
import { compilePattern, compileReplacement, type Expander } from './infer/regex.js';

/**
 * Which tensors a tensor op (transpose, reshape) concerns: one exact key, or every key a regex matches —
 * both names as they are at that point of the ops. Exactly one of the two: the other is `never`, so
 * an op naming both (or neither) does not type-check.
 */
export type KeySelector = { key: string; pattern?: never } | { pattern: string; key?: never };

/**
 * What a concat joins: exact `keys` (in order), or every key `pattern` matches, ordered within its
 * group by where the text of capture group `part` stands in `parts`. Exactly one of the two forms.
 */
export type ConcatSelector =
  | { keys: string[]; pattern?: never; part?: never; parts?: never }
  | { pattern: string; part: number; parts: string[]; keys?: never };

/** What a reshape gives: one exact `shape`, or trailing dims of size 1 added or removed per tensor. */
export type ReshapeTo =
  | { shape: number[]; addTrailingOnes?: never; removeTrailingOnes?: never }
  | { addTrailingOnes: number; shape?: never; removeTrailingOnes?: never }
  | { removeTrailingOnes: number; shape?: never; addTrailingOnes?: never };

/**
 * The shape a reshape gives a tensor of shape `current` (null: not known here), or why it cannot:
 * an exact shape with another element count, trailing dims to remove that are not 1.
 */
export function reshapedShape(to: ReshapeTo, current: readonly number[] | null): { shape: number[] | null } | { problem: string } {
  const numel = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  if (to.shape !== undefined) {
    if (to.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) return { problem: `shape [${to.shape.join(', ')}] has a dimension that is not a size` };
    if (current && numel(to.shape) !== numel(current)) return { problem: `shape [${to.shape.join(', ')}] has ${numel(to.shape)} elements but the tensor [${current.join(', ')}] has ${numel(current)}` };
    return { shape: [...to.shape] };
  }
  if (!current) return { shape: null };
  if (to.addTrailingOnes !== undefined) return { shape: [...current, ...Array<number>(to.addTrailingOnes).fill(1)] };
  const n = to.removeTrailingOnes;
  if (current.length < n || current.slice(current.length - n).some((d) => d !== 1)) {
    return { problem: `removeTrailingOnes ${n}: the tensor [${current.join(', ')}] does not end in ${n} dim${n === 1 ? '' : 's'} of size 1` };
  }
  return { shape: current.slice(0, current.length - n) };
}

/** How a reshape says its result, for messages: `[768, 3072, 1, 1]`, `each tensor's shape with 2 trailing 1s added`. */
export function describeReshape(to: ReshapeTo): string {
  if (to.shape !== undefined) return `[${to.shape.join(', ')}]`;
  const n = to.addTrailingOnes ?? to.removeTrailingOnes;
  const ones = `${n} trailing 1${n === 1 ? '' : 's'}`;
  return to.addTrailingOnes !== undefined ? `each tensor's shape with ${ones} added` : `each tensor's shape with ${ones} removed`;
}

export type PlanOp =
  | { op: 'strip_prefix'; prefix: string; confidence?: number; evidence?: string }
  | { op: 'add_prefix'; prefix: string; confidence?: number; evidence?: string }
  | { op: 'rename'; pattern: string; replacement: string; table?: never; confidence?: number; evidence?: string }
  /**
   * a rename by index table: the text of the pattern's group 1 picks the replacement from `table` (each a
   * replacement with `$N` and `$$`, no arithmetic); a key whose group 1 the table does not list is left as
   * it is. One op for a list renumbered by no arithmetic: torchvision VGG's `features.N` into ConvModules
   * (`features.7.` → `features.3.conv.`, `features.8.` → `features.3.bn.`), as mmpretrain's converter does
   * with its own index table. A reader before it refuses the field `table` by name, so no version moved.
   */
  | { op: 'rename'; pattern: string; table: Record<string, string>; replacement?: never; confidence?: number; evidence?: string }
  /**
   * `unsettled: true`: inference made this drop on a reading the text does not settle (the text points
   * to another, or leaves it open): the keys may be trained weights the model should have, so `apply`
   * refuses the plan unless the user accepts it (`--allow-guessed-drops`). `text_reading` (with
   * `unsettled` only): the reading the text points to instead (`model_lacks`, `renamed`): the text argues
   * against the drop, and the flag leaves it undone. `no_counterpart: true`: inference dropped (some of) its
   * keys for having no counterpart in a model whose keys were all accounted for (judge-shapes.ts), the
   * decision plan/trained-drops.ts reads (nothing else but its reason's words said it before)
   */
  | { op: 'drop'; pattern: string; reason: string; confidence?: number; unsettled?: true; text_reading?: string; no_counterpart?: true }
  /**
   * `unwitnessed: true`: a reversed 2-d weight nothing witnesses (no Conv1D name, kernel, bias or decided
   * layout): a transposed layout and a model of swapped sizes explain it alike, and the op takes it to be
   * the layout — a guess about the values a strict load cannot catch (src/plan/guesses.ts)
   */
  | ({ op: 'transpose'; dims: number[]; confidence?: number; evidence?: string; unwitnessed?: true } & KeySelector)
  /**
   * same elements, another shape (unsqueeze/squeeze, 1×1 conv ↔ linear): `shape` has the tensor's
   * numel; or (plan version 3) a shape each tensor derives from its own: `addTrailingOnes: 2` gives
   * `[o, i]` → `[o, i, 1, 1]`, `removeTrailingOnes: 2` the reverse (those dims must be 1) — one op for
   * every linear ↔ 1×1 conv weight a pattern matches, whatever their sizes
   */
  | ({ op: 'reshape'; confidence?: number; evidence?: string } & KeySelector & ReshapeTo)
  /**
   * one source tensor cut along `dim` into `targets`, in order, with `sizes` along that dim. With
   * `pattern` (plan version 2) every key the regex matches is cut, and each target is a replacement
   * (`$1`, `${1+1}`) expanded with that key's match into the whole new key: one op for every layer's qkv.
   */
  | ({ op: 'split'; dim: number; targets: string[]; sizes: number[]; confidence?: number; evidence?: string } & KeySelector)
  /**
   * several source tensors joined along `dim` into `target`: the exact `keys` in the order given, or
   * (plan version 3) by pattern — the keys `pattern` matches, grouped by `target` expanded with each
   * key's match (`layers.$1.linear_qkv.weight`), each group joined in the order `parts` lists the text
   * of capture group `part` (`q_proj`, `k_proj`, `v_proj`): one op for every layer's q/k/v
   */
  | ({ op: 'concat'; dim: number; target: string; confidence?: number; evidence?: string } & ConcatSelector)
  /**
   * the tensor `key` (as named at that point) is also stored as `target`, sharing its storage: what a
   * model with tied weights (lm_head ↔ embeddings) lists twice and a checkpoint stores once (plan version 2)
   */
  | { op: 'copy'; key: string; target: string; confidence?: number; evidence?: string }
  /**
   * (plan version 2) the keys `pattern` matches, grouped by `target` expanded with each key's match
   * (`blk.$1.ffn_gate_exps.weight`), each group stacked along a new dimension `dim` in the order of
   * capture group `index` (which must run 0, 1, …, n−1): per-expert weights into one tensor per layer
   */
  | { op: 'stack'; pattern: string; index: number; dim: number; target: string; confidence?: number; evidence?: string }
  /**
   * (plan version 4) the rows of a rotary-embedded q or k projection reordered within each head, same name,
   * same shape: what a rename between Meta / llama.cpp names and Hugging Face names needs for models whose
   * converter applies it (rope.ts says which layout is which, with the converters' code)
   */
  | ({ op: 'rope_permute'; heads: number; kv_heads?: number; to: RopeLayout; confidence?: number; evidence?: string } & KeySelector);

/**
 * The two row layouts of a rotary q/k projection within one head of `d` rows. `interleaved`: rotary
 * pairs are rows (2i, 2i+1) — Meta's checkpoints and llama.cpp's GGUF (rotate by pairs). `halves`:
 * pairs are rows (i, i + d/2) — Hugging Face transformers (`rotate_half`).
 */
export const ROPE_LAYOUTS = ['interleaved', 'halves'] as const;
export type RopeLayout = (typeof ROPE_LAYOUTS)[number];

/** Every op kind, in the order the schema lists them. */
export const OP_KINDS = ['strip_prefix', 'add_prefix', 'rename', 'drop', 'transpose', 'reshape', 'split', 'concat', 'copy', 'stack', 'rope_permute'] as const satisfies readonly PlanOp['op'][];

export type NameOp = Extract<PlanOp, { op: 'strip_prefix' | 'add_prefix' | 'rename' | 'drop' }>;

/** undefined: the op does not concern this key; null: the key is dropped; string: its new name. */
export type NameStep = (name: string) => string | null | undefined;

export function isNameOp(op: PlanOp): op is NameOp {
  return op.op === 'strip_prefix' || op.op === 'add_prefix' || op.op === 'rename' || op.op === 'drop';
}

/** Compile once, apply to many keys. Throws SyntaxError on an invalid regex (validate plans first). */
export function compileNameOp(op: NameOp): NameStep {
  switch (op.op) {
    case 'strip_prefix': {
      const p = op.prefix;
      return (name) => (name.startsWith(p) ? name.slice(p.length) : undefined);
    }
    case 'add_prefix': {
      const p = op.prefix;
      return (name) => p + name;
    }
    case 'rename': {
      const re = compilePattern(op.pattern);
      const expand = op.table !== undefined ? tableExpander(op.table) : compileReplacement(op.replacement);
      const head = anchoredLiteral(op.pattern);
      return (name) => {
        // most keys fail the literal start of `^blocks\.3\.m\.`: no regex run for them
        if (head && !name.startsWith(head)) return undefined;
        const m = re.exec(name);
        if (!m) return undefined;
        const replaced = expand(m);
        // index arithmetic over a capture that is no index: the rename does not concern this key
        if (replaced === undefined) return undefined;
        return name.slice(0, m.index) + replaced + name.slice(m.index + m[0].length);
      };
    }
    case 'drop': {
      const re = compilePattern(op.pattern);
      const head = anchoredLiteral(op.pattern);
      return (name) => ((!head || name.startsWith(head)) && re.test(name) ? null : undefined);
    }
  }
}

/** A table rename's replacement for a match: the table's entry for group 1's text, expanded; undefined when it has none. */
export function tableExpander(table: Readonly<Record<string, string>>): Expander {
  const rows = new Map(Object.entries(table).map(([k, v]) => [k, compileReplacement(v)]));
  return (m) => {
    const at = m[1];
    return at === undefined ? undefined : rows.get(at)?.(m);
  };
}

/** The text every key a name op concerns starts with ('' when any key may be concerned). */
export function nameOpLiteral(op: NameOp): string {
  if (op.op === 'strip_prefix') return op.prefix;
  if (op.op === 'add_prefix') return '';
  return anchoredLiteral(op.pattern);
}

/**
 * The text every match of `pattern` starts the key with: the literal run after a leading `^`
 * (`^blocks\.3\.m\.(\d+)` → `blocks.3.m.`), '' when there is none or when an alternation outside
 * any group could match without it. A test that spares a plan of 3,000 exact renames the regex on
 * every key for every op.
 */
export function anchoredLiteral(pattern: string): string {
  if (!pattern.startsWith('^') || hasTopLevelAlternation(pattern)) return '';
  let out = '';
  let i = 1;
  for (; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      // an escaped punctuation mark is itself; `\d`, `\w`, `\b`… are classes or assertions
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      out += next;
      i++;
    } else if (/[\w\-:\/ ]/.test(c)) out += c;
    else break;
  }
  // a quantifier after the run applies to its last character, which may then be absent
  return /^[*+?{]/.test(pattern.slice(i)) ? out.slice(0, -1) : out;
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

type SplitOp = Extract<PlanOp, { op: 'split' }>;
type StackOp = Extract<PlanOp, { op: 'stack' }>;

/**
 * A stack's groups among `names`: target → the names stacked into it, ordered by their index, or an
 * error when a group's indices are not 0, 1, …, n−1 (each once).
 */
export function stackGroups(op: StackOp, names: Iterable<string>): { groups: Map<string, string[]>; error: string | null } {
  const re = new RegExp(op.pattern);
  const expand = compileReplacement(op.target);
  const byTarget = new Map<string, [number, string][]>();
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const target = expand(m);
    const at = m[op.index];
    if (target === undefined || at === undefined || !/^\d{1,9}$/.test(at)) continue;
    (byTarget.get(target) ?? byTarget.set(target, []).get(target)!).push([Number(at), name]);
  }
  const groups = new Map<string, string[]>();
  for (const [target, members] of byTarget) {
    members.sort((a, b) => a[0] - b[0]);
    if (members.some(([i], j) => i !== j)) return { groups, error: `'${target}': the stacked indices are not 0..${members.length - 1} (${members.map(([i]) => i).slice(0, 6).join(', ')}${members.length > 6 ? ', …' : ''})` };
    groups.set(target, members.map(([, n]) => n));
  }
  return { groups, error: null };
}

type ConcatByPattern = Extract<PlanOp, { op: 'concat' }> & { pattern: string };

/**
 * A concat by pattern's groups among `names`: target → the names joined into it, in the order of
 * `parts`, or an error naming the first group that lacks a part, holds one twice, or a match whose
 * part is not listed. Every group must hold every part exactly once: a layer missing its `v_proj`
 * is a plan that does not fit the checkpoint, not a shorter concat.
 */
export function concatGroups(op: ConcatByPattern, names: Iterable<string>): { groups: Map<string, string[]>; error: string | null } {
  const re = new RegExp(op.pattern);
  const expand = compileReplacement(op.target);
  const slot = new Map(op.parts.map((p, i) => [p, i]));
  const byTarget = new Map<string, (string | undefined)[]>();
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const target = expand(m);
    if (target === undefined) continue;
    const at = slot.get(m[op.part] ?? '');
    if (at === undefined) return { groups, error: `'${name}': its part '${m[op.part] ?? ''}' (group ${op.part}) is not one of ${op.parts.join(', ')}` };
    const members = byTarget.get(target) ?? byTarget.set(target, new Array<string | undefined>(op.parts.length)).get(target)!;
    if (members[at] !== undefined) return { groups, error: `'${target}': both '${members[at]}' and '${name}' are its part '${op.parts[at]}'` };
    members[at] = name;
  }
  for (const [target, members] of byTarget) {
    const lacking = op.parts.filter((_, i) => members[i] === undefined);
    if (lacking.length > 0) return { groups, error: `'${target}': no key for part${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')} at this point` };
    groups.set(target, members as string[]);
  }
  return { groups, error: null };
}

/**
 * Which names a split cuts and into what: for a split by `key`, that key into `targets`; by `pattern`,
 * every name the regex matches into the targets expanded with its match. Compile once per op.
 */
export function compileSplit(op: SplitOp): (name: string) => string[] | null {
  if (op.key !== undefined) {
    const key = op.key;
    return (name) => (name === key ? op.targets : null);
  }
  const re = new RegExp(op.pattern);
  const expanders = op.targets.map(compileReplacement);
  return (name) => {
    const m = re.exec(name);
    if (!m) return null;
    const out: string[] = [];
    for (const e of expanders) {
      const t = e(m);
      if (t === undefined) return null;
      out.push(t);
    }
    return out;
  };
}

/** One-line description of an op for messages: `rename ^layers\.(\d+)\.`. */
export function describeOp(op: PlanOp): string {
  switch (op.op) {
    case 'strip_prefix':
    case 'add_prefix':
      return `${op.op} '${op.prefix}'`;
    case 'rename':
      return `rename ${op.pattern}${op.table !== undefined ? ` by a table of ${Object.keys(op.table).length}` : ''}`;
    case 'drop':
      return `${op.op} ${op.pattern}`;
    case 'transpose':
    case 'reshape':
    case 'rope_permute':
      return op.key !== undefined ? `${op.op} ${op.key}` : `${op.op} ${op.pattern}`;
    case 'split':
      return `${op.op} ${op.key ?? op.pattern}`;
    case 'concat':
      return op.pattern !== undefined ? `concat ${op.pattern} → ${op.target}` : `concat → ${op.target}`;
    case 'copy':
      return `copy ${op.key} → ${op.target}`;
    case 'stack':
      return `stack ${op.pattern} → ${op.target}`;
  }
}
