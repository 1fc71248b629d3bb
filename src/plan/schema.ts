/**
 * The plan's JSON form: its constants, its JSON Schema (published as schemas/plan.schema.json, kept
 * identical by a test), how a plan is assembled from inference and how it is written out.
 * Semantics of ops on keys (also in the schema descriptions):
 * - ops apply in order, each to the keys as earlier ops left them (a pipeline); each must match a key;
 * - strip_prefix: keys starting with `prefix` lose it; add_prefix: every key gets `prefix`
 *   (a prefix on only part of the keys is a `rename` anchored with `^`);
 * - rename: first regex match replaced; `$1` in `replacement` is group 1, `$$` a literal `$`; since
 *   version 2 `${1+1}`, `${1//3}`, `${1%3}` (steps left to right) do index arithmetic on a group; or, in
 *   place of `replacement`, a `table` whose row for group 1's text replaces the match (a list renumbered
 *   by no arithmetic; keys whose group 1 it does not list are left as they are);
 * - copy (version 2): the tensor `key` is also stored as `target`, sharing its storage (tied weights);
 * - stack (version 2): keys matching `pattern`, grouped by `target` expanded with their match, stacked
 *   along a new dim in the order of capture group `index` (0..n−1): per-expert weights into one tensor;
 * - drop: keys matching `pattern` are removed;
 * - transpose / reshape name one exact key (`key`) or every key a regex matches (`pattern`), as keys
 *   are at that point of the sequence; a reshape keeps the elements (same numel), changes the shape:
 *   to one exact `shape`, or (version 3) per tensor, `addTrailingOnes` / `removeTrailingOnes` dims of
 *   size 1 at the end of its own shape (every linear ↔ 1×1 conv weight in one op);
 * - split / concat name exact keys as they are at that point of the sequence, or (split: version 2,
 *   concat: version 3) every key a regex matches, their new names replacements expanded with each
 *   key's match; a concat by pattern joins each target's group in the order `parts` lists the text
 *   of capture group `part`; a split whose sizes are all 1 removes the split dimension (stacked
 *   tensors → one per index).
 * Regexes use the common subset of JavaScript and Python `re` (no named groups, no backreferences).
 */
import { PLAN_FORMAT } from '../formats/plan-format.js';
import { PLAN_SOURCE_KINDS, type Plan, type PlanOp, type PlanSource } from './types.js';

export { PLAN_FORMAT };

/**
 * the version sdmatch writes: 2 added `copy`, `stack`, splits by pattern and index arithmetic in
 * rename replacements; 3 added concats by pattern and reshapes by trailing 1s (a reader of an earlier 3 refuses
 * `addTrailingOnes` as an unknown field of that op, naming it, so the version did not move). The rule:
 * every object of a plan refuses a field it does not know, by name (test/plan/validate.test.ts), so an
 * older reader refuses a plan carrying a newer field and never misreads it: an optional addition
 * (source.entriesSha256, keySet, identity) moves no version; a change an older reader would accept
 * with another meaning must.
 */
export const PLAN_VERSION = 3;
/**
 * 4 added `rope_permute`, a tensor op a version-3 reader refuses by its kind: written only by a plan that
 * holds one, so every other plan stays version 3 and readable by the releases before it.
 */
export const ROPE_PLAN_VERSION = 4;
/**
 * The value of a plan's optional `paths` field: its relative file names start at the plan file's folder
 * (src/plan/plan-paths.ts). No version bump: a reader before it refuses the field by name rather than look
 * for the files from the folder it runs in.
 */
export const RELATIVE_TO_PLAN = 'relative-to-plan';
/** the versions sdmatch reads */
export const PLAN_VERSIONS = [1, 2, 3, 4] as const;

const confidence = { type: 'number', minimum: 0, maximum: 1, description: 'how sure inference is (0..1)' };
const evidence = { type: 'string', description: 'what the op rests on, in words' };
const regex = { type: 'string', minLength: 1, description: 'regex in the common subset of JavaScript and Python re' };
const keyName = { type: 'string', minLength: 1 };

function opSchema(name: string, description: string, properties: Record<string, unknown>, required: string[]) {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: ['op', ...required],
    properties: { op: { const: name }, ...properties },
  };
}

/** A tensor op names one exact key or a regex over keys: exactly one of the two. */
const keyOrPattern = { oneOf: [{ required: ['key'] }, { required: ['pattern'] }] };

export const planJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/sdmatch/sdmatch/schemas/plan.schema.json',
  title: 'sdmatch remap plan',
  description:
    'How a checkpoint\'s tensors map onto the keys a model expects. `ops` apply in order, each to the keys as earlier ops left them, and each must match at least one key; `mapping` is their result key by key.',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'version', 'source', 'target', 'ops', 'mapping', 'unmapped'],
  properties: {
    format: { const: PLAN_FORMAT },
    version: { enum: [...PLAN_VERSIONS], description: '3 (written now), or 4 when the plan holds a rope_permute; 2 and 1 are still read: 2 has no concat by pattern or reshape by trailing 1s, 1 also no copy, stack, split by pattern or index arithmetic' },
    paths: {
      const: RELATIVE_TO_PLAN,
      description:
        'a relative source.file or target.file starts at the folder of the plan file (plan -o writes them so, and this field): a plan moved, committed or checked out elsewhere together with its files still names them, from any working folder. Absent (plans written before it): an absolute name as it is, a relative one as given, then beside the plan file. Optional, so no version bump: a release before it refuses the field by name rather than look for the files from where it runs',
    },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'size', 'sha256', 'select'],
      properties: {
        file: { type: 'string' },
        size: { type: 'integer', minimum: 0 },
        sha256: { type: 'string', pattern: '^([0-9a-f]{64})?$', description: 'hex digest of the source checkpoint; empty when unknown, and for the other kinds (they name no checkpoint bytes)' },
        entriesSha256: {
          type: 'string',
          pattern: '^[0-9a-f]{64}$',
          description:
            'for a zip checkpoint (torch.save, TorchScript): sha256 over each entry\'s name, method, sizes and CRC-32 as its central directory lists them. It identifies the bytes without reading them, so apply checks it instead of sha256 (--full-hash checks sha256 as well)',
        },
        identity: {
          type: 'object',
          additionalProperties: false,
          required: ['device', 'inode', 'size', 'mtimeNs', 'ctimeNs'],
          description:
            'the source file\'s device, inode, size, mtime and ctime (nanoseconds) when plan hashed it, read by fstat of the hashing descriptor before and after (absent if they differed, for several files, and for a file written just before). Every write updates ctime, which user space cannot set: apply skips re-reading a source with all five unchanged (--full-hash re-reads it anyway); another identity means the full sha256 check. Needs sha256. Optional, so no version bump: a release before it refuses the field by name (every object of a plan refuses unknown fields) rather than misread it',
          properties: {
            device: { type: 'string', pattern: '^[0-9]{1,20}$' },
            inode: { type: 'string', pattern: '^[0-9]{1,20}$' },
            size: { type: 'integer', minimum: 0, description: 'equals source.size' },
            mtimeNs: { type: 'string', pattern: '^[0-9]{1,20}$' },
            ctimeNs: { type: 'string', pattern: '^[0-9]{1,20}$' },
          },
        },
        select: { type: 'array', items: { type: ['string', 'integer'] }, description: 'path to the state dict inside the file' },
        rivals: {
          type: 'array',
          items: { type: 'array', items: { type: ['string', 'integer'] } },
          description: "paths of other state dicts in the file that fit the model as well as `select`, which the file's order chose: which trained values are meant is undecided (apply exits 1 and names the choice); absent when none tie or --select chose",
        },
        keySet: {
          type: 'object',
          additionalProperties: false,
          required: ['count', 'sha256'],
          description:
            'the selected state dict\'s key names, shapes and dtypes: sha256 over one JSON line ["name",[shape],"dtype"] per key, sorted by name. apply accepts any checkpoint whose selected state dict has this key set (another snapshot of the same run) without --force',
          properties: { count: { type: 'integer', minimum: 0 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
        kind: {
          enum: [...PLAN_SOURCE_KINDS],
          description:
            'what the plan was made from (absent: checkpoint). apply checks a checkpoint\'s size and entriesSha256 or sha256; for a plan made from a manifest, a key list or an error text it checks only that the checkpoint\'s state dict holds exactly the keys of the mapping',
        },
      },
    },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'keys'],
      properties: { file: { type: 'string' }, keys: { type: 'integer', minimum: 0 } },
    },
    ops: {
      type: 'array',
      items: {
        oneOf: [
          opSchema('strip_prefix', 'keys starting with prefix lose it', { prefix: { type: 'string', minLength: 1 }, confidence, evidence }, ['prefix']),
          opSchema('add_prefix', 'every key gets prefix (use rename with ^ for part of the keys)', { prefix: { type: 'string', minLength: 1 }, confidence, evidence }, ['prefix']),
          opSchema('rename', 'the first match of pattern is replaced; $1 is group 1, $$ a literal $; version 2: ${1+1}, ${1//3}, ${1%3} do index arithmetic on a group (steps left to right, Python floor division and modulo)', { pattern: regex, replacement: { type: 'string' }, confidence, evidence }, ['pattern', 'replacement']),
          opSchema(
            'rename',
            'a rename by index table: the text of group 1 of the first match picks the row of table whose replacement ($1, $$; no index arithmetic) replaces the match; a key whose group 1 the table does not list is left as it is (at most 256 rows). Optional field, so no version bump: a release before it refuses the field table by name',
            { pattern: regex, table: { type: 'object', minProperties: 1, maxProperties: 256, additionalProperties: { type: 'string' } }, confidence, evidence },
            ['pattern', 'table'],
          ),
          opSchema(
            'drop',
            'keys matching pattern are removed',
            {
              pattern: regex,
              reason: { type: 'string' },
              confidence,
              unsettled: {
                const: true,
                description:
                  'inference made this drop on a reading the error text does not settle (the text points to another reading, or leaves it open): the keys may be trained weights the model should have. apply refuses such a plan (exit 2, naming the plan and the op, nothing written) unless --allow-guessed-drops. Optional, so no version bump: a release before it refuses the field by name rather than apply the drop silently; a plan written before it carries only the opening words of the reason, NOT A SETTLED FIX, which apply reads as the same mark',
              },
              text_reading: {
                type: 'string',
                minLength: 1,
                description:
                  'with unsettled only: the reading the error text points to instead of this drop (model_lacks: the model should have these keys; renamed: it holds them under another name), so the text argues against it. apply --allow-guessed-drops leaves such a drop undone, its keys kept in the output (the check against the target names them); remove unsettled and text_reading once you have decided they should go. A plan written before it carries only the words NOT A SETTLED FIX: the text points to another reading, read the same way',
              },
              no_counterpart: {
                const: true,
                description:
                  'inference dropped (some of) these keys for having no counterpart in a model whose every key was accounted for: with the model\'s full key list, where they are trained weights, the drop is a decision and is also unsettled (an unused module, or a layer the model\'s code lacks). Informative: apply reads unsettled, not this. Optional, so no version bump: a release before it refuses the field by name',
              },
            },
            ['pattern', 'reason'],
          ),
          {
            ...opSchema(
              'transpose',
              'permute the dims of one tensor (key) or of every tensor a regex matches (pattern), named as they are at this point',
              {
                key: keyName,
                pattern: regex,
                dims: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2 },
                confidence,
                evidence,
                unwitnessed: {
                  const: true,
                  description:
                    'the weights are reversed and nothing witnesses a layout (no Conv1D name, kernel, bias or decided layout): a transposed layout and a model of swapped sizes explain them alike, and the op takes them to be transposed. A guess about values that a strict load cannot catch; listed in `guesses` (explain) and by apply. Optional, so no version bump',
                },
              },
              ['dims'],
            ),
            ...keyOrPattern,
          },
          {
            ...opSchema(
              'reshape',
              'give one tensor (key) or every tensor a regex matches (pattern) another shape with the same number of elements (unsqueeze, squeeze, 1×1 conv ↔ linear): one exact shape, or (version 3) each tensor\'s own shape with addTrailingOnes dims of size 1 appended ([o, i] → [o, i, 1, 1]) or removeTrailingOnes of its last dims, each 1, removed',
              {
                key: keyName,
                pattern: regex,
                shape: { type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: 64 },
                addTrailingOnes: { type: 'integer', minimum: 1, maximum: 63, description: 'dims of size 1 appended to each tensor\'s own shape (linear → 1×1 conv: 2)' },
                removeTrailingOnes: { type: 'integer', minimum: 1, maximum: 63, description: 'last dims of each tensor, each of size 1, removed (1×1 conv → linear: 2)' },
                confidence,
                evidence,
              },
              [],
            ),
            ...keyOrPattern,
            // exactly one of shape / addTrailingOnes / removeTrailingOnes (oneOf is taken by key/pattern)
            anyOf: [{ required: ['shape'] }, { required: ['addTrailingOnes'] }, { required: ['removeTrailingOnes'] }],
            not: { anyOf: [{ required: ['shape', 'addTrailingOnes'] }, { required: ['shape', 'removeTrailingOnes'] }, { required: ['addTrailingOnes', 'removeTrailingOnes'] }] },
          },
          {
            ...opSchema(
              'split',
              'cut one tensor (key) along dim into targets with sizes along dim; all sizes 1 removes the dim. Version 2: or every tensor a regex matches (pattern), each target then a replacement ($1, ${1+1}) expanded with that key\'s match into the whole new key',
              { key: keyName, pattern: regex, dim: { type: 'integer', minimum: 0 }, targets: { type: 'array', items: keyName, minItems: 2 }, sizes: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2 }, confidence, evidence },
              ['dim', 'targets', 'sizes'],
            ),
            ...keyOrPattern,
          },
          {
            ...opSchema(
              'concat',
              'join tensors along dim into target: the exact keys, in the order given; or (version 3) every key a regex matches (pattern), grouped by target expanded with each key\'s match ($1, ${1+1}), each group joined in the order parts lists the text of capture group part (q_proj, k_proj, v_proj) and holding each part exactly once',
              {
                keys: { type: 'array', items: keyName, minItems: 2 },
                pattern: regex,
                part: { type: 'integer', minimum: 1, description: 'the capture group of pattern whose text names the part' },
                parts: { type: 'array', items: keyName, minItems: 2, description: 'the texts of group part, each once, in the order they are joined' },
                dim: { type: 'integer', minimum: 0 },
                target: keyName,
                confidence,
                evidence,
              },
              ['dim', 'target'],
            ),
            oneOf: [{ required: ['keys'] }, { required: ['pattern', 'part', 'parts'] }],
          },
          opSchema(
            'stack',
            'version 2: the keys pattern matches, grouped by target expanded with each key\'s match, each group stacked along a new dimension dim in the order of capture group index (0, 1, …, n−1)',
            { pattern: regex, index: { type: 'integer', minimum: 1 }, dim: { type: 'integer', minimum: 0 }, target: keyName, confidence, evidence },
            ['pattern', 'index', 'dim', 'target'],
          ),
          {
            ...opSchema(
              'rope_permute',
              'version 4: reorder the rows of a rotary q or k projection (key, or every key pattern matches) within each head, keeping its name and shape: the rows cut into kv_heads heads when given, else heads (llama.cpp LlamaModel.permute(w, n_head, n_head_kv)), each head viewed as [2, d/2] and swapped to [d/2, 2] (to: interleaved, HF → Meta / GGUF), or viewed as [d/2, 2] and swapped to [2, d/2] (to: halves, transformers permute_for_rope, Meta → HF)',
              {
                key: keyName,
                pattern: regex,
                heads: { type: 'integer', minimum: 1, description: 'attention heads (n_head)' },
                kv_heads: { type: 'integer', minimum: 1, description: 'key/value heads (n_head_kv): when given, the rows are cut into this many heads (k of a model with grouped-query attention)' },
                to: { enum: ['interleaved', 'halves'], description: 'the row layout the op gives: interleaved (rotary pairs in rows 2i, 2i+1: Meta, GGUF) or halves (rows i, i + d/2: transformers)' },
                confidence,
                evidence,
              },
              ['heads', 'to'],
            ),
            ...keyOrPattern,
          },
          opSchema('copy', 'version 2: store the tensor key also as target, sharing its storage (a weight the model ties, e.g. lm_head.weight to the embeddings)', { key: keyName, target: keyName, confidence, evidence }, ['key', 'target']),
        ],
      },
    },
    mapping: {
      type: 'object',
      description: 'every source key → its final key, its final keys (split), or null (dropped); keys the target does not expect keep the name the ops give them',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }] },
    },
    unmapped: { type: 'array', items: { type: 'string' }, description: 'derived from the ops: target keys left without a source; they will be missing' },
    unexpected: { type: 'array', items: { type: 'string' }, description: 'derived from the ops: keys they produce that the target does not expect' },
    keepMissing: { type: 'array', items: regex, description: 'regexes over target keys the model initialises itself (a new head): missing on purpose; sdmatch plan check accepts them' },
    loadsAsStored: {
      type: 'array',
      items: { type: 'string' },
      description: 'source keys written as stored although nothing decided their layout (a square kernel beside kernels of its name stored transposed, listed as ambiguous): load_state_dict(strict=True) accepts them, and their values may be transposed, so apply names them as not verified. Optional, so no version bump',
    },
    tiedApart: {
      type: 'array',
      items: { type: 'array', items: { type: 'string' }, minItems: 2 },
      description: "model keys the model ties (one tensor under several names) that the plan writes from separate tensors of the checkpoint, one array per tie in the model's order: load_state_dict(strict=True) accepts them and keeps only the last one's values, so apply says the others' trained values are lost and exits 1, and plan check calls the plan not exact. Optional, so no version bump",
    },
  },
} as const;

/** What a plan records about its source (`kind` absent: a checkpoint). */
export type PlanSourceInfo = PlanSource;

/** Assemble a plan from what inference produced. */
export function makePlan(
  source: PlanSourceInfo,
  target: { file: string; keys: number },
  result: { ops: PlanOp[]; mapping: Record<string, string | string[] | null>; unmapped: string[]; unexpected?: string[]; keepMissing?: string[]; loadsAsStored?: string[] },
): Plan {
  return {
    format: PLAN_FORMAT,
    version: result.ops.some((op) => op.op === 'rope_permute') ? ROPE_PLAN_VERSION : PLAN_VERSION,
    source: {
      file: source.file,
      size: source.size,
      sha256: source.sha256,
      ...(source.entriesSha256 !== undefined ? { entriesSha256: source.entriesSha256 } : {}),
      ...(source.identity !== undefined ? { identity: { ...source.identity } } : {}),
      select: [...source.select],
      ...(source.kind !== undefined ? { kind: source.kind } : {}),
      ...(source.keySet !== undefined ? { keySet: { ...source.keySet } } : {}),
      ...(source.rivals !== undefined ? { rivals: source.rivals.map((p) => [...p]) } : {}),
    },
    target: { file: target.file, keys: target.keys },
    ops: result.ops,
    mapping: result.mapping,
    unmapped: result.unmapped,
    ...(result.unexpected !== undefined ? { unexpected: result.unexpected } : {}),
    ...(result.keepMissing !== undefined && result.keepMissing.length > 0 ? { keepMissing: result.keepMissing } : {}),
    ...(result.loadsAsStored !== undefined && result.loadsAsStored.length > 0 ? { loadsAsStored: result.loadsAsStored } : {}),
  };
}

/** The plan as written to plan.json: two-space indent, fields in schema order, trailing newline. */
export function planToJson(plan: Plan): string {
  const ordered = {
    format: plan.format,
    version: plan.version,
    ...(plan.paths !== undefined ? { paths: plan.paths } : {}),
    source: plan.source,
    target: plan.target,
    ops: plan.ops,
    mapping: plan.mapping,
    unmapped: plan.unmapped,
    ...(plan.unexpected !== undefined ? { unexpected: plan.unexpected } : {}),
    ...(plan.keepMissing !== undefined ? { keepMissing: plan.keepMissing } : {}),
    ...(plan.loadsAsStored !== undefined ? { loadsAsStored: plan.loadsAsStored } : {}),
    ...(plan.tiedApart !== undefined ? { tiedApart: plan.tiedApart } : {}),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
