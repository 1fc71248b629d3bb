import type { PickleAnomaly, PickleResult } from './machine.js';
import { DANGEROUS_GLOBALS, PY2_MODULES, PY2_NAMES, SAFE_GLOBALS, SAFE_PATTERNS } from './safety-lists.js';

/**
 * How dangerous loading a pickle is, judged from the globals it imports (nothing is ever imported
 * here). `safe`: PyTorch's weights-only loader would accept it, or it is plain data; `dangerous`:
 * code execution, process/file/network access, nested unpickling or interpreter tampering;
 * `unknown`: everything else — model classes, third-party types — not code execution by itself, but
 * not loadable without trusting the code it names.
 */
export type Verdict = 'safe' | 'unknown' | 'dangerous';

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

const RANK: Record<Verdict, number> = { safe: 0, unknown: 1, dangerous: 2 };

/** Worst verdict first wins. */
export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

const dangerousByPath = new Map<string, string>(DANGEROUS_GLOBALS.map(([path, why]) => [path, why]));

/** `module.name` the way Python 3's unpickler resolves it (Python 2 names mapped). */
export function globalPath(module: string, name: string): string {
  const path = `${PY2_MODULES[module] ?? module}.${name}`;
  return PY2_NAMES[path] ?? path;
}

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

/** The verdict and, when not safe, a short reason. */
export function explainGlobal(module: string, name: string): { verdict: Verdict; reason: string } {
  const path = globalPath(module, name);
  if (SAFE_GLOBALS.has(path) || SAFE_PATTERNS.some((p) => p.test(path))) return { verdict: 'safe', reason: '' };
  // walk the prefixes, longest first: `torch.serialization.load.x` → `torch.serialization.load` → …
  for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
    const why = dangerousByPath.get(path.slice(0, end));
    if (why !== undefined) return { verdict: 'dangerous', reason: why };
  }
  if (isMethodThroughClass(name)) return { verdict: 'dangerous', reason: 'function reached through a class attribute path' };
  return { verdict: 'unknown', reason: 'not on the weights-only allowlist: loading it runs code the file only names' };
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
};

/**
 * Findings for one parsed pickle: one per global it imports, plus one per anomaly. Anomaly findings
 * name the mutated global when there is one, else `module` is '' and `name` is the opcode.
 */
export function pickleFindings(result: Pick<PickleResult, 'globals' | 'anomalies'>, where: string): GlobalFinding[] {
  const findings: GlobalFinding[] = [];
  for (const g of result.globals) {
    const { verdict, reason } = explainGlobal(g.module, g.name);
    findings.push(verdict === 'safe' ? { module: g.module, name: g.name, verdict, where } : { module: g.module, name: g.name, verdict, where, reason });
  }
  for (const a of result.anomalies) {
    findings.push({
      module: a.target?.module ?? '',
      name: a.target?.name ?? a.opcode,
      verdict: ANOMALY_VERDICT[a.kind],
      where,
      reason: `${a.detail} at offset ${a.offset}${a.kind === 'global-mutated' ? ' (rewrites attributes that later imports resolve)' : a.kind === 'dynamic-operand' ? ' (computed at load time)' : ''}`,
    });
  }
  return findings;
}
