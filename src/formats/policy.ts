import { FormatError } from './errors.js';

/**
 * `.sdmatch.json`: a project's policy for `sdmatch check`, kept beside the lock file so that every
 * CI run and every developer checks against the same rules. Documented in schemas/policy.schema.json:
 *
 *   {"check": {"failOn": "breaking", "allow": ["added"], "ignore": ["\\.num_batches_tracked$"], "minConfidence": 0.8}}
 *
 * Every field is optional; what is absent falls back to the command's defaults, and a flag given on
 * the command line replaces the file's value for that setting. Unknown fields are errors rather than
 * ignored: a misspelt `failon` silently doing nothing would make a gate pass that should fail.
 */

export const POLICY_FILE_NAME = '.sdmatch.json';

/** The verdict from which `check` fails: `any` fails on any change the policy does not allow. */
export const FAIL_ON = ['breaking', 'migratable', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/**
 * Change kinds a project may accept as compatible: added keys (old checkpoints then load only with
 * strict=False) and dtype changes (load_state_dict casts on copy, but precision changes).
 */
export const ALLOW_KINDS = ['added', 'dtype'] as const;
export type AllowKind = (typeof ALLOW_KINDS)[number];

/** Policy settings as a file or the flags state them: each one optional. */
export interface PolicySettings {
  failOn?: FailOn;
  allow?: AllowKind[];
  /** regular expressions searched anywhere in a key (JavaScript syntax; anchor with ^ and $) */
  ignore?: string[];
  /** 0..1: renames inferred with less confidence do not count as migratable */
  minConfidence?: number;
}

const CHECK_FIELDS = ['failOn', 'allow', 'ignore', 'minConfidence'] as const;
const TOP_FIELDS = ['$schema', 'check'] as const;

/** Why a string is not a usable ignore pattern, or null when it is. */
export function ignorePatternProblem(pattern: string): string | null {
  if (pattern === '') return 'an empty pattern would ignore every key';
  try {
    new RegExp(pattern);
  } catch (e) {
    return `invalid regex ${JSON.stringify(pattern)}: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  return null;
}

/** Why a number is not a usable minimum confidence, or null when it is. */
export function minConfidenceProblem(value: number): string | null {
  return Number.isFinite(value) && value >= 0 && value <= 1 ? null : `must be a number from 0 to 1, not ${value}`;
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkFields(o: Record<string, unknown>, allowed: readonly string[], at: string, file: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new FormatError(file, `${at}${JSON.stringify(k)}: unknown field (allowed: ${allowed.join(', ')})`);
  }
}

function oneOf<T extends string>(v: unknown, choices: readonly T[], at: string, file: string): T {
  if (typeof v !== 'string' || !choices.includes(v as T)) throw new FormatError(file, `${at}: must be one of ${choices.join(', ')}, not ${kind(v)}`);
  return v as T;
}

function stringList(v: unknown, at: string, file: string): string[] {
  if (!Array.isArray(v)) throw new FormatError(file, `${at}: must be an array of strings, not ${kind(v)}`);
  return v.map((x, i) => {
    if (typeof x !== 'string') throw new FormatError(file, `${at}[${i}]: must be a string, not ${kind(x)}`);
    return x;
  });
}

/** Reads `.sdmatch.json`'s text; every problem is one FormatError naming the field. */
export function parsePolicyFile(text: string, file: string): PolicySettings {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new FormatError(file, `not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new FormatError(file, `must be a JSON object, not ${kind(doc)}`);
  checkFields(doc, TOP_FIELDS, '', file);
  if (doc.$schema !== undefined && typeof doc.$schema !== 'string') throw new FormatError(file, `$schema: must be a string, not ${kind(doc.$schema)}`);
  if (doc.check === undefined) return {};
  return policySettings(doc.check, 'check', file);
}

/**
 * A policy's settings checked field by field, wherever they come from: `.sdmatch.json`'s `check` object, or
 * the `policy` a library caller hands checkKeys / checkSources (review 22 F10: a plain-JS caller's misspelt
 * `failOn: "breakng"` made the gate pass a breaking change). Every problem is one FormatError naming the
 * field (`at.failOn`); a field given as `undefined` is absent, as a flag not given is.
 */
export function policySettings(c: unknown, at: string, file: string): PolicySettings {
  if (!isObject(c)) throw new FormatError(file, `${at}: must be an object, not ${kind(c)}`);
  checkFields(c, CHECK_FIELDS, `${at}.`, file);
  const out: PolicySettings = {};
  if (c.failOn !== undefined) out.failOn = oneOf(c.failOn, FAIL_ON, `${at}.failOn`, file);
  if (c.allow !== undefined) out.allow = stringList(c.allow, `${at}.allow`, file).map((a, i) => oneOf(a, ALLOW_KINDS, `${at}.allow[${i}]`, file));
  if (c.ignore !== undefined) {
    out.ignore = stringList(c.ignore, `${at}.ignore`, file);
    out.ignore.forEach((p, i) => {
      const why = ignorePatternProblem(p);
      if (why) throw new FormatError(file, `${at}.ignore[${i}]: ${why}`);
    });
  }
  if (c.minConfidence !== undefined) {
    if (typeof c.minConfidence !== 'number') throw new FormatError(file, `${at}.minConfidence: must be a number from 0 to 1, not ${kind(c.minConfidence)}`);
    const why = minConfidenceProblem(c.minConfidence);
    if (why) throw new FormatError(file, `${at}.minConfidence: ${why}`);
    out.minConfidence = c.minConfidence;
  }
  return out;
}
