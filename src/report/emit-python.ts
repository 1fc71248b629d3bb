/**
 * `--emit python`: a self-contained module that applies a plan to a state dict — `remap_state_dict`,
 * with `re` imported only when an op matches a regex and `torch` only when tensors must be split or
 * joined (transpose and reshape are tensor methods) — plus `select_state_dict`, which takes the state
 * dict out of the checkpoint where the plan found it, and a `__main__` that runs both on a file:
 * `python fix.py IN OUT` (`load_checkpoint`: weights_only=True, never a full unpickle; see SAFE_LOAD). Ties (copy ops)
 * store one tensor under two names, so torch.save keeps them one storage. Also the one-line fix
 * `explain` prints when a single op says it all, and the Python spelling helpers the other emitters share.
 */
import { hasArithmetic, replacementParts, type ArithmeticPart } from '../analysis/infer/regex.js';
import type { Plan, PlanOp } from '../plan/types.js';
import { ropeHeads } from '../analysis/rope.js';
import { ALLOW_GUESSED_DROPS, isAgainstText, isUnsettledDrop, unsettledDrops } from '../plan/unsettled.js';
import { pythonAccess as pyAccess, pyStr } from '../formats/python-source.js';
import { DTYPES, type DType } from '../formats/dtype.js';

/** A plan replacement (`$1`, `$$`) as a Python `re.sub` replacement (`\g<1>`, `$`). */
export function pyReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '$') {
      if (replacement[i + 1] === '$') {
        out += '$';
        i++;
        continue;
      }
      const m = /^\d{1,2}/.exec(replacement.slice(i + 1));
      if (m) {
        out += `\\g<${m[0]}>`;
        i += m[0].length;
        continue;
      }
    }
    out += c === '\\' ? '\\\\' : c;
  }
  return out;
}

/** The Python value of an arithmetic part of a replacement, as an int expression of the match `m`. */
function pyArithmetic(p: ArithmeticPart): string {
  let e = `int(m.group(${p.group}))`;
  for (const [op, k] of p.steps) e = `(${e} ${op} ${k})`;
  return e;
}

/**
 * The Python condition under which a replacement's index arithmetic has a value, as apply's
 * evaluateArithmetic decides it: every group it reads captured 1 to 9 ASCII digits, and every result
 * is not negative. Null when the replacement does no arithmetic. `and` short-circuits, so int() never
 * sees a capture that is no index.
 */
export function pyArithmeticGuard(replacement: string): string | null {
  const parts = replacementParts(replacement).filter((p): p is ArithmeticPart => typeof p === 'object');
  if (parts.length === 0) return null;
  const groups = [...new Set(parts.map((p) => p.group))];
  const isIndex = groups.map((g) => `(m.group(${g}) or '').isascii() and (m.group(${g}) or '').isdigit() and len(m.group(${g})) <= 9`);
  const notNegative = parts.filter((p) => p.steps.length > 0).map((p) => `${pyArithmetic(p)} >= 0`);
  return [...new Set([...isIndex, ...notNegative])].join(' and ');
}

/**
 * A Python callable for a replacement with index arithmetic (`${1//3}`): re.sub accepts a function of
 * the match, and Python's // and % on ints are the plan's. Where apply leaves a key as it is (the
 * capture is no index, or the value is negative) the callable gives back the match, so re.sub does too.
 */
export function pyReplacementLambda(replacement: string): string {
  const pieces = replacementParts(replacement).map((p) => {
    if (typeof p === 'string') return pyStr(p);
    if (typeof p === 'number') return `(m.group(${p}) or '')`;
    return `str(${pyArithmetic(p)})`;
  });
  const value = pieces.length ? pieces.join(' + ') : "''";
  const guard = pyArithmeticGuard(replacement);
  return `lambda m: ${guard ? `(${value}) if ${guard} else m.group(0)` : value}`;
}

/**
 * The comprehension over the keys an op by pattern takes: those the pattern matches and whose target
 * has a value (apply passes over a key whose index arithmetic has none), each with its match `m`.
 */
function pyMatchingKeys(targets: readonly string[]): string {
  const guards = [...new Set(targets.map(pyArithmeticGuard).filter((g): g is string => g !== null))];
  if (guards.length === 0) return '[k for k in sd if pattern.search(k)]';
  return `[k for k in sd if (m := pattern.search(k)) and ${guards.map((g) => `(${g})`).join(' and ')}]`;
}

/**
 * The second argument of re.sub for a rename by index table: a callable that looks group 1's text up in
 * the table (a dict literal) and expands that row; a key the table does not list keeps its match, so
 * re.sub leaves it as it is, as apply does.
 */
export function pyTableLambda(table: Readonly<Record<string, string>>): string {
  const rows = Object.entries(table).map(([k, v]) => `${pyStr(k)}: ${pyStr(pyReplacement(v))}`);
  return `lambda m, t={${rows.join(', ')}}: m.expand(t[m.group(1)]) if m.group(1) in t else m.group(0)`;
}

/** re.sub's second argument for a rename: its replacement (pySubArgument) or its table (pyTableLambda). */
export function pyRenameArgument(op: Extract<PlanOp, { op: 'rename' }>): string {
  return op.table !== undefined ? pyTableLambda(op.table) : pySubArgument(op.replacement);
}

/** The second argument of re.sub for a plan replacement: a string, or a callable when it does index arithmetic. */
export function pySubArgument(replacement: string): string {
  return hasArithmetic(replacement) ? pyReplacementLambda(replacement) : pyStr(pyReplacement(replacement));
}

function pyList(xs: readonly (string | number)[]): string {
  return `[${xs.map((x) => (typeof x === 'number' ? String(x) : pyStr(x))).join(', ')}]`;
}

function needsTorch(ops: readonly PlanOp[]): boolean {
  return ops.some((o) => o.op === 'split' || o.op === 'concat' || o.op === 'stack');
}

/** Does any op's code compile a regex (a rename, a drop, an op by pattern)? */
function needsRe(ops: readonly PlanOp[]): boolean {
  return ops.some((o) => opLines(o).some((l) => l.includes('re.compile(')));
}

/** `checkpoint['trainer']['var_wo_ddp']`: the state dict where the plan found it. */

function opLines(op: PlanOp): string[] {
  switch (op.op) {
    case 'strip_prefix':
      return [`    sd = {(k[${op.prefix.length}:] if k.startswith(${pyStr(op.prefix)}) else k): v for k, v in sd.items()}`];
    case 'add_prefix':
      return [`    sd = {${pyStr(op.prefix)} + k: v for k, v in sd.items()}`];
    case 'rename':
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    sd = {pattern.sub(${pyRenameArgument(op)}, k, count=1): v for k, v in sd.items()}`,
      ];
    case 'drop':
      return [`    pattern = re.compile(${pyStr(op.pattern)})`, `    sd = {k: v for k, v in sd.items() if not pattern.search(k)}`];
    case 'transpose':
      if (op.key !== undefined) return [`    sd[${pyStr(op.key)}] = sd[${pyStr(op.key)}].permute(${op.dims.join(', ')}).contiguous()`];
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    sd = {k: (v.permute(${op.dims.join(', ')}).contiguous() if pattern.search(k) else v) for k, v in sd.items()}`,
      ];
    case 'reshape': {
      // a tuple, so a one-dimensional shape still reads as one: (768,); trailing 1s from each tensor's
      // own shape (a removed dim that is not 1 changes the element count: reshape raises)
      const shape = (v: string) =>
        op.shape !== undefined
          ? `(${op.shape.join(', ')}${op.shape.length === 1 ? ',' : ''})`
          : op.addTrailingOnes !== undefined
            ? `tuple(${v}.shape) + (1,) * ${op.addTrailingOnes}`
            : `tuple(${v}.shape)[:-${op.removeTrailingOnes}]`;
      if (op.key !== undefined) return [`    sd[${pyStr(op.key)}] = sd[${pyStr(op.key)}].reshape(${shape(`sd[${pyStr(op.key)}]`)})`];
      return [`    pattern = re.compile(${pyStr(op.pattern)})`, `    sd = {k: (v.reshape(${shape('v')}) if pattern.search(k) else v) for k, v in sd.items()}`];
    }
    case 'split': {
      const unbind = op.sizes.every((s) => s === 1);
      const cut = (v: string) => (unbind ? `torch.unbind(${v}, dim=${op.dim})` : `torch.split(${v}, ${pyList(op.sizes)}, dim=${op.dim})`);
      if (op.key !== undefined) return [`    for name, part in zip(${pyList(op.targets)}, ${cut(`sd.pop(${pyStr(op.key)})`)}):`, `        sd[name] = part.contiguous()`];
      // by pattern: every matching key, its targets expanded with its own match
      const targets = `[${op.targets.map((t) => `pattern.sub(${pySubArgument(t)}, m.group(0), count=1)`).join(', ')}]`;
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    for k in ${pyMatchingKeys(op.targets)}:`,
        `        m = pattern.search(k)`,
        `        for name, part in zip(${targets}, ${cut('sd.pop(k)')}):`,
        `            sd[name] = part.contiguous()`,
      ];
    }
    case 'concat':
      if (op.pattern === undefined) return [`    sd[${pyStr(op.target)}] = torch.cat([sd.pop(k) for k in ${pyList(op.keys)}], dim=${op.dim})`];
      // by pattern: the matching keys grouped by their target, each group joined in the order of `parts`
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    groups = {}`,
        `    for k in ${pyMatchingKeys([op.target])}:`,
        `        m = pattern.search(k)`,
        `        groups.setdefault(pattern.sub(${pySubArgument(op.target)}, m.group(0), count=1), {})[m.group(${op.part})] = k`,
        `    for name, parts in groups.items():`,
        `        sd[name] = torch.cat([sd.pop(parts[p]) for p in ${pyList(op.parts)}], dim=${op.dim})`,
      ];
    case 'stack':
      // group the matching keys by their target, order each group by the index, stack along a new dim
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    groups = {}`,
        `    for k in ${pyMatchingKeys([op.target])}:`,
        `        m = pattern.search(k)`,
        `        groups.setdefault(pattern.sub(${pySubArgument(op.target)}, m.group(0), count=1), []).append((int(m.group(${op.index})), k))`,
        `    for name, parts in groups.items():`,
        `        sd[name] = torch.stack([sd.pop(k) for _, k in sorted(parts)], dim=${op.dim})`,
      ];
    case 'copy':
      // the same tensor under both names, as a model with tied weights holds it
      return [`    sd[${pyStr(op.target)}] = sd[${pyStr(op.key)}]`];
    case 'rope_permute': {
      // per head a view, its two middle dims swapped, read back (src/analysis/rope.ts: the converters' own lines)
      const h = ropeHeads(op);
      const view = (v: string) => (op.to === 'interleaved' ? `${h}, 2, ${v}.shape[0] // ${h} // 2` : `${h}, ${v}.shape[0] // ${h} // 2, 2`);
      const permuted = (v: string) => `${v}.reshape(${view(v)}, *${v}.shape[1:]).transpose(1, 2).reshape(${v}.shape).contiguous()`;
      if (op.key !== undefined) return [`    sd[${pyStr(op.key)}] = ${permuted(`sd[${pyStr(op.key)}]`)}`];
      return [`    pattern = re.compile(${pyStr(op.pattern)})`, `    sd = {k: (${permuted('v')} if pattern.search(k) else v) for k, v in sd.items()}`];
    }
  }
}

function comment(op: PlanOp): string {
  const why = op.op === 'drop' ? op.reason : (op.evidence ?? '');
  return oneCommentLine(`    # ${op.op}${why ? `: ${why}` : ''}`);
}

/** A comment ends at a line break: one holding text from a file or a name (a path with a line break in it) says it on one line. */
export function oneCommentLine(line: string): string {
  return line.replace(/[\r\n]+/g, ' ');
}

/** The first line of every emitted file (--emit python, hf, mmengine), on one line whatever the checkpoint's name. */
export function generatedByLine(plan: Plan): string {
  return oneCommentLine(`# Generated by sdmatch from a plan for ${plan.source.file || 'a checkpoint'}.`);
}

function importsOf(plan: Plan): string[] {
  return [...(needsRe(plan.ops) ? ['import re'] : []), ...(needsTorch(plan.ops) ? ['import torch'] : [])];
}

/**
 * `def remap_state_dict(state_dict):` applying the plan's ops in order. A drop the plan marks unsettled
 * (src/plan/unsettled.ts: the field, or an older plan's NOT A SETTLED FIX reason) raises unless the caller
 * passes `allow_guessed_drops=True`, as apply refuses it without --allow-guessed-drops: the script is another way to apply the plan, and must not lose weights on a guess.
 */
function remapLines(plan: Plan, functionName: string): string[] {
  const guarded = unsettledDrops(plan).length > 0;
  const lines = [`def ${functionName}(state_dict${guarded ? ', allow_guessed_drops=False' : ''}):`, `    """Return a new state dict whose keys are what the model expects."""`, '    sd = dict(state_dict)'];
  for (const op of plan.ops) {
    lines.push(comment(op));
    if (isUnsettledDrop(op)) {
      const against = isAgainstText(op);
      const why = `drop ${op.pattern}: a guessed drop (see the comment above), it may lose trained weights; ${against ? `the error text argues against it, so even allow_guessed_drops=True leaves these keys in place (remove the drop once you have decided they should go)` : `call ${functionName}(state_dict, allow_guessed_drops=True) once you have decided these keys should go`}`;
      lines.push('    if not allow_guessed_drops:', `        raise ValueError(${pyStr(why)})`);
      // as apply --allow-guessed-drops: a drop the text argues against is left undone, its keys kept
      if (against) continue;
    }
    lines.push(...opLines(op));
  }
  lines.push('    return sd');
  return lines;
}

/**
 * The fix to paste after a line that holds `state_dict`: the imports it needs, the remap function and its
 * call — no module scaffolding (no `__main__` block that would load argv when pasted into a script).
 */
export function emitPythonInline(plan: Plan): string {
  return [...importsOf(plan), ...remapLines(plan, 'remap_state_dict'), 'state_dict = remap_state_dict(state_dict)'].join('\n');
}

/**
 * `load_checkpoint(path)`: torch.load that never runs code from the file, whatever the torch. torch's
 * default weights_only is False before 2.6, so a plain torch.load on torch 1.13 (the reference torch)
 * runs a pickled payload: the script passes weights_only=True, and refuses a torch too old to have it
 * (before 1.13) instead of unpickling fully. torch 1.13's weights-only loader lacks some opcodes (floats:
 * a saved learning rate); then Python's unpickler restricted to the same allowed globals reads the file
 * through torch's own readers, as python/sdmatch_manifest.py's load_checkpoint does (the pickle docs'
 * "Restricting Globals": no callable outside torch's allowlist is reached). A file weights_only refuses
 * for a global it does not allow is refused with torch's reason: loading it fully is the user's decision.
 */
const SAFE_LOAD = [
  'def load_checkpoint(path):',
  '    """torch.load(path) without running code from the file: weights_only=True, never a full unpickle.',
  '    A safetensors file or a sharded index is read with torch alone; a folder is refused."""',
  '    import inspect',
  '    import os',
  '    import pickle',
  '    import torch',
  '',
  '    if os.path.isdir(path):',
  "        raise RuntimeError(f'{path}: not loaded: a folder (a distributed checkpoint: DCP, DeepSpeed or Megatron), and this '",
  "                           f'script reads one file; `sdmatch apply {path} PLAN.json -o OUT.pt` reads the folder and applies the plan')",
  "    with open(path, 'rb') as f:",
  '        head = f.read(9)',
  "    if head[:1] == b'{':",
  '        return load_index(path)',
  "    if len(head) == 9 and head[8:9] == b'{' and head[:2] != b'PK' and head[:1] != b'\\x80':",
  '        return load_safetensors(path)',
  '',
  "    if 'weights_only' not in inspect.signature(torch.load).parameters:",
  "        raise RuntimeError(f'{path}: not loaded: torch {torch.__version__} has no torch.load(weights_only=True) (torch 1.13 '",
  "                           'added it), and a full unpickle can run code stored in the file; use torch 1.13 or newer')",
  '    try:',
  "        return torch.load(path, map_location='cpu', weights_only=True)",
  '    except pickle.UnpicklingError as err:',
  "        if 'Unsupported operand' not in str(err):",
  "            reason = str(err).split('WeightsUnpickler error: ')[-1].strip().splitlines()[0]",
  "            raise RuntimeError(f'{path}: not loaded: torch.load(weights_only=True) refused it ({reason}); '",
  "                               'a full unpickle (weights_only=False) can run code stored in the file: only do it if you trust the file') from None",
  '',
  "    # this torch's weights-only loader lacks an opcode (torch 1.13: floats): the same allowed globals, Python's opcodes",
  '    from torch import _weights_only_unpickler, serialization',
  '',
  '    allowed = _weights_only_unpickler._get_allowed_globals()',
  '',
  '    class Restricted(pickle.Unpickler):',
  '        def find_class(self, module, name):',
  "            if f'{module}.{name}' in allowed:",
  "                return allowed[f'{module}.{name}']",
  "            raise RuntimeError(f'{path}: not loaded: it names {module}.{name}, which torch.load(weights_only=True) does not allow; '",
  "                               'a full unpickle (weights_only=False) can run code stored in the file: only do it if you trust the file')",
  '',
  '    class RestrictedPickle:',
  '        Unpickler = Restricted',
  '        UnpicklingError = pickle.UnpicklingError',
  '',
  '        @staticmethod',
  '        def load(file, **kwargs):',
  '            return Restricted(file, **kwargs).load()',
  '',
  '    with open(path, \'rb\') as f:',
  '        if serialization._is_zipfile(f):',
  '            with serialization._open_zipfile_reader(f) as zipped:',
  "                return serialization._load(zipped, 'cpu', RestrictedPickle, encoding='utf-8')",
  "        return serialization._legacy_load(f, 'cpu', RestrictedPickle, encoding='utf-8')",
];

/**
 * Safetensors read with torch alone (review 11 F7: the script said `torch.load` to files torch cannot
 * read, and the safetensors package is not everywhere torch is): the format's spec is an 8-byte
 * little-endian header size, a JSON header with each tensor's dtype, shape and data offsets, then the
 * bytes; nothing in it runs. The dtype codes come from the one dtype table; a code this torch lacks
 * (float8 on 1.13) is refused by name. A sharded set's index names each tensor's file beside it
 * (`.safetensors` shards read as above, torch `.bin` shards through load_checkpoint).
 */
const SAFETENSORS_DTYPES = (Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][])
  .filter(([, d]) => d.safetensors !== null)
  .map(([name, d]) => `${pyStr(d.safetensors!)}: ${pyStr(name)}`);

const SAFETENSORS_LOAD = [
  `SAFETENSORS_DTYPES = {${SAFETENSORS_DTYPES.join(', ')}}`,
  '',
  '',
  'def load_safetensors(path):',
  '    """A safetensors file as a state dict, read by the format\'s spec with torch alone (little-endian hosts)."""',
  '    import json',
  '    import struct',
  '    import torch',
  '',
  '    out = {}',
  "    with open(path, 'rb') as f:",
  "        (size,) = struct.unpack('<Q', f.read(8))",
  '        header = json.loads(f.read(size))',
  '        for name, info in header.items():',
  "            if name == '__metadata__':",
  '                continue',
  "            dtype = getattr(torch, SAFETENSORS_DTYPES.get(info['dtype'], ''), None)",
  '            if not isinstance(dtype, torch.dtype):',
  "                raise RuntimeError(f\"{path}: {name}: dtype {info['dtype']} is not one torch {torch.__version__} has\")",
  "            start, end = info['data_offsets']",
  '            f.seek(8 + size + start)',
  '            data = bytearray(f.read(end - start))',
  '            flat = torch.frombuffer(data, dtype=dtype) if data else torch.empty(0, dtype=dtype)',
  "            out[name] = flat.reshape(info['shape'])",
  '    return out',
  '',
  '',
  'def load_index(path):',
  '    """A sharded checkpoint: its index\'s weight_map names the file of each tensor, beside the index."""',
  '    import json',
  '    import os',
  '',
  "    with open(path, encoding='utf-8') as f:",
  "        shards = sorted(set(json.load(f)['weight_map'].values()))",
  '    out = {}',
  '    for shard in shards:',
  '        file = os.path.join(os.path.dirname(path), shard)',
  "        out.update(load_safetensors(file) if shard.endswith('.safetensors') else load_checkpoint(file))",
  '    return out',
];

/**
 * A Python module defining `select_state_dict(checkpoint)` and `remap_state_dict(state_dict)`, which
 * applies the plan's ops in order, and running both when executed: `python fix.py IN OUT`.
 */
export function emitPython(plan: Plan, functionName = 'remap_state_dict', caveats: readonly string[] = []): string {
  const imports = importsOf(plan);
  const select = plan.source.select;
  const lines = [
    generatedByLine(plan),
    // what the plan left open (emit-caveats.ts): the code alone does not say it
    ...caveats,
    '# Ops apply in order, each to the keys as the previous ones left them.',
    `# Run it: python THIS_FILE.py IN OUT${unsettledDrops(plan).length > 0 ? ` [${ALLOW_GUESSED_DROPS}]` : ''} (or import it and call the functions).`,
    ...(imports.length ? ['', ...imports] : []),
    '',
    '',
    'def select_state_dict(checkpoint):',
    `    """The state dict inside the checkpoint, where the plan found it${select.length ? '' : ' (the checkpoint itself)'}."""`,
    `    return ${pyAccess(select)}`,
    '',
    '',
    ...remapLines(plan, functionName),
    '',
    '',
    ...SAFE_LOAD,
    '',
    '',
    ...SAFETENSORS_LOAD,
    '',
    '',
    "if __name__ == '__main__':",
    '    import sys',
    '    import torch as _torch',
    '',
    '    checkpoint = load_checkpoint(sys.argv[1])',
    unsettledDrops(plan).length > 0
      ? `    _torch.save(${functionName}(select_state_dict(checkpoint), allow_guessed_drops=${pyStr(ALLOW_GUESSED_DROPS)} in sys.argv[3:]), sys.argv[2])`
      : `    _torch.save(${functionName}(select_state_dict(checkpoint)), sys.argv[2])`,
    '',
  ];
  return lines.join('\n');
}

/**
 * The fix as one line of Python over `state_dict`, when the plan is one strip/add/rename/drop;
 * null when it needs more (then the function from emitPython is the fix).
 */
export function emitPythonOneLiner(plan: Plan): string | null {
  // an unsettled drop is never a one-line fix: the function form refuses it unless accepted
  if (plan.ops.length !== 1 || unsettledDrops(plan).length > 0) return null;
  const op = plan.ops[0]!;
  switch (op.op) {
    case 'strip_prefix':
      // str.removeprefix is Python 3.9+; torch 1.13 still runs on 3.7 and 3.8
      return `state_dict = {(k[${[...op.prefix].length}:] if k.startswith(${pyStr(op.prefix)}) else k): v for k, v in state_dict.items()}`;
    case 'add_prefix':
      return `state_dict = {${pyStr(op.prefix)} + k: v for k, v in state_dict.items()}`;
    case 'rename':
      return `state_dict = {re.sub(${pyStr(op.pattern)}, ${pyRenameArgument(op)}, k, count=1): v for k, v in state_dict.items()}`;
    case 'drop':
      return `state_dict = {k: v for k, v in state_dict.items() if not re.search(${pyStr(op.pattern)}, k)}`;
    default:
      return null;
  }
}
