import { ownRow } from '../own-row.js';
import type { FormatError } from '../errors.js';
import { globalPath } from './global-path.js';
import type { GetattrUse, PickleAnomaly, PickleResult } from './machine.js';
import { DANGEROUS_GLOBALS, FRAMEWORK_GLOBALS, PY2_MODULES, SAFE_GLOBALS, SAFE_PATTERNS } from './safety-lists.js';

/**
 * How dangerous loading a file is, judged from the globals its pickles import (nothing is ever
 * imported here), worst first:
 * - `dangerous`: code execution, process/file/network access, nested unpickling, interpreter
 *   tampering, or a trick to show scanners and loaders different bytes;
 * - `incomplete`: sdmatch did not see every byte a loader would run (a parse stopped, a limit was
 *   reached, a member could not be read): nothing can be said, so nothing is promised;
 * - `unknown`: every byte was seen, but some global is not on the allowlist (model classes,
 *   third-party types): loading it runs code the file only names, so it needs trust in that code;
 * - `safe`: every byte a loader would run was seen and every global is on the weights-only allowlist.
 */
export type Verdict = 'safe' | 'unknown' | 'incomplete' | 'dangerous';

export interface GlobalFinding {
  module: string;
  name: string;
  verdict: Verdict;
  /** which stream it was found in, e.g. 'archive/data.pkl' */
  where: string;
  /** why it is not safe; set for every dangerous finding */
  reason?: string;
}

export interface SafetyReport {
  verdict: Verdict;
  globals: GlobalFinding[];
}

const RANK: Record<Verdict, number> = { safe: 0, unknown: 1, incomplete: 2, dangerous: 3 };

/** Worst verdict first wins. */
export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

const dangerousByPath = new Map<string, string>(DANGEROUS_GLOBALS.map(([path, why]) => [path, why]));

export { globalPath };

const frameworkByPath = new Map(FRAMEWORK_GLOBALS.map((f) => [f.path, f]));

/**
 * A name reaching a function through a class (`bdb.Bdb.run`, `__main__.Evil._eval`): protocol 4
 * resolves dotted names attribute by attribute, so an unbound method is a callable of the
 * attacker's choosing. Nested classes (`Outer.Inner`) are capitalised and are not this.
 */
function isMethodThroughClass(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  const last = name.charCodeAt(dot + 1);
  return last === 0x5f /* _ */ || (last >= 0x61 && last <= 0x7a) /* a-z */;
}

/**
 * `torch.serialization` + `os.system`, `torch` + `_utils.pickle.loads`: a dotted name is resolved one
 * attribute at a time, so a module imported by any module is reachable through it. Each tail of the
 * name (from a dot on) is checked as if it were imported directly.
 */
function dangerousTail(name: string): { path: string; why: string } | null {
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
    const tail = name.slice(dot + 1);
    const path = ownRow(PY2_MODULES, tail.split('.')[0]!) !== undefined ? globalPath(tail.split('.')[0]!, tail.split('.').slice(1).join('.')) : tail;
    for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
      const why = dangerousByPath.get(path.slice(0, end));
      if (why !== undefined) return { path, why };
    }
  }
  return null;
}

/** The verdict and, when not safe, a short reason. */
export function explainGlobal(module: string, name: string): { verdict: Verdict; reason: string } {
  const path = globalPath(module, name);
  if (SAFE_GLOBALS.has(path) || SAFE_PATTERNS.some((p) => p.test(path))) return { verdict: 'safe', reason: '' };
  // walk the prefixes, longest first: `torch.serialization.load.x` → `torch.serialization.load` → …
  for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
    const why = dangerousByPath.get(path.slice(0, end));
    if (why !== undefined) return { verdict: 'dangerous', reason: why };
  }
  const tail = dangerousTail(name);
  if (tail) return { verdict: 'dangerous', reason: `protocol 4 walks the dotted name attribute by attribute and reaches ${tail.path}: ${tail.why}` };
  if (isMethodThroughClass(name)) return { verdict: 'dangerous', reason: 'function reached through a class attribute path' };
  const known = frameworkByPath.get(path);
  if (known) return { verdict: 'unknown', reason: `${known.what}: loading imports and runs that package's code, so it needs trust in it (torch.load(weights_only=True) needs it in add_safe_globals)` };
  return { verdict: 'unknown', reason: 'not on the weights-only allowlist: loading it runs code the file only names, so it needs trust in that code' };
}

export function classifyGlobal(module: string, name: string): Verdict {
  return explainGlobal(module, name).verdict;
}

/** verdict = worst of findings; 'safe' if none */
export function safetyReport(findings: GlobalFinding[]): SafetyReport {
  let verdict: Verdict = 'safe';
  for (const f of findings) verdict = worstVerdict(verdict, f.verdict);
  return { verdict, globals: findings };
}

const ANOMALY_VERDICT: Record<PickleAnomaly['kind'], Verdict> = {
  // rewriting a module's or class's attributes changes what later imports resolve to
  'global-mutated': 'dangerous',
  // an import or call the scanner cannot see through is a known evasion technique
  'dynamic-operand': 'dangerous',
  'state-dropped': 'unknown',
  // EXT1/EXT2/EXT4 import whatever copyreg's extension registry maps the code to at load time
  'extension': 'dangerous',
};

const ANOMALY_NOTE: Record<PickleAnomaly['kind'], string> = {
  'global-mutated': ' (rewrites attributes that later imports resolve)',
  'dynamic-operand': ' (computed at load time)',
  'state-dropped': '',
  'extension': ' (the registry entry is not in the file)',
};

/**
 * `getattr(ZeroStageEnum, 'gradients')`, `getattr(ModelType, 'encoder_or_decoder')`: the lookups, when
 * getattr is used for nothing else — every copy of it on the stack was called with a known framework
 * Enum and one of its member names, and no result was called or mutated. Else null: getattr keeps its
 * dangerous verdict (it reaches any attribute, os.system from a module).
 */
function enumMemberLookups(use: GetattrUse): string | null {
  if (use.resultsCalled > 0 || use.calls.length !== use.pushes || use.calls.length === 0) return null;
  const seen = new Set<string>();
  for (const c of use.calls) {
    if (c === null) return null;
    const known = frameworkByPath.get(globalPath(c.owner.module, c.owner.name));
    if (!known?.members?.includes(c.name)) return null;
    const r = c.result;
    if (r.states.length > 0 || r.listItems.length > 0 || r.dictItems.length > 0) return null;
    seen.add(`getattr(${known.path}, '${c.name}')`);
  }
  return [...seen].join(', ');
}

/** A finding for bytes a loader would run that sdmatch did not see: `what` says which kind of gap. */
export function incompleteFinding(where: string, what: string, reason: string): GlobalFinding {
  return { module: '', name: what, verdict: 'incomplete', where, reason };
}

/**
 * Findings for one parsed pickle: one per global it imports, plus one per anomaly. Anomaly findings
 * name the mutated global when there is one, else `module` is '' and `name` is the opcode.
 */
export function pickleFindings(result: Pick<PickleResult, 'globals' | 'anomalies'> & { error?: FormatError | null; getattr?: GetattrUse | null }, where: string): GlobalFinding[] {
  const findings: GlobalFinding[] = [];
  const members = result.getattr ? enumMemberLookups(result.getattr) : null;
  for (const g of result.globals) {
    const { verdict, reason } = members !== null && globalPath(g.module, g.name) === 'builtins.getattr'
      ? { verdict: 'unknown' as const, reason: `only as Python 3.11+ pickles Enum members: ${members}; loading imports those classes' package` }
      : explainGlobal(g.module, g.name);
    findings.push(verdict === 'safe' ? { module: g.module, name: g.name, verdict, where } : { module: g.module, name: g.name, verdict, where, reason });
  }
  for (const a of result.anomalies) {
    findings.push({
      module: a.target?.module ?? '',
      name: a.target?.name ?? a.opcode,
      verdict: ANOMALY_VERDICT[a.kind],
      where,
      reason: `${a.detail} at offset ${a.offset}${ANOMALY_NOTE[a.kind]}`,
    });
  }
  // a stream that stopped before STOP: what a lenient loader runs after the stop was never seen
  if (result.error) findings.push(incompleteFinding(where, 'parse stopped', result.error.message));
  return findings;
}
