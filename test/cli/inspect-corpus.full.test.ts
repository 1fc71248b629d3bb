import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../src/cli/inspect.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { corpusAvailable, corpusDir, corpusExpectations, repoRoot, type CorpusExpectation } from '../helpers/corpus.js';
import { validateJson, type JsonSchema } from '../helpers/json-schema.js';

/**
 * `sdmatch inspect` over all 932 real files of the shared corpus, through the CLI entry point: no
 * internal error, exit 0 or 2 with one stderr line, every malicious file reported dangerous (naming
 * the manifest's dangerous globals), no benign file dangerous, tensor counts as the manifest, and
 * every JSON valid against schemas/inspect.schema.json. The counting rules and exceptions are those
 * of test/checkpoint/corpus.test.ts, applied to what the JSON says.
 */

/** Malicious files no pickle scanner can judge: inspect must refuse them as non-checkpoints (exit 2, no report). */
const NOT_PICKLE_THREATS: Record<string, string> = {
  'modelaudit/history/assets/malicious_keras.h5': 'Keras HDF5 Lambda layer (eval of Python source): no pickle involved',
  'modelaudit/samples/keras/malicious_lambda.h5': 'Keras HDF5 Lambda layer (eval of Python source): no pickle involved',
  'picklescan/data/malicious1.7z': '7z archive: neither torch.load nor sdmatch opens 7z; the pickle inside is never reached',
};

/** Files whose manifest count differs from ours by design. */
const COUNT_EXCEPTIONS: Record<string, string> = {
  'JR-Wesley-MaskRecognition/model.pt': 'gzip-wrapped torch archive: refused with "decompress it first", as torch.load refuses it',
};

/** Manifest dangerous globals that are not literal imports, with what reports them instead. */
const RESOLVED_AT_RUN_TIME: Record<string, string> = {
  'picklescan/data/sys_module_override_sploit.pkl': 'builtins.eval is built by rewriting a module attribute: reported as a dangerous global-mutation/dynamic-operand finding',
};

interface Report {
  format: string;
  tensorCount: number;
  tensors: { kind: string }[];
  leaves: { path: (string | number)[] }[];
  safety: { verdict: string; globals: { module: string; name: string; verdict: string }[] };
  error: string | null;
}

/**
 * The manifest's count: torch tensors for pickle-based formats (numpy arrays found inside pickles are
 * listed by sdmatch as `ndarray` tensors too), every array for npy/npz — including object-dtype
 * arrays, which hold pickled Python objects and so appear among the leaves, not the tensors.
 */
function manifestCount(j: Report): number {
  if (j.format === 'npy') return j.tensorCount + j.leaves.filter((l) => l.path.length === 0).length;
  if (j.format === 'npz') return j.tensorCount + j.leaves.filter((l) => l.path.length === 1).length;
  if (j.format === 'safetensors') return j.tensorCount;
  return j.tensors.filter((t) => t.kind !== 'ndarray').length;
}

const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/inspect.schema.json'), 'utf8')) as JsonSchema;
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function checkFile(rel: string, e: CorpusExpectation): Promise<string[]> {
  const problems: string[] = [];
  const file = join(corpusDir, rel);
  const r = await runCli(['inspect', file, '--json'], memoryIO());
  // the exit code is the verdict (README): 0 safe, 1 unknown, 2 dangerous, incomplete or unreadable
  if (r.code !== 0 && r.code !== 1 && r.code !== 2) return [`${rel}: exit ${r.code}: ${r.stderr}`];
  if (r.code === 0 && r.stderr !== '') problems.push(`${rel}: exit 0 with stderr ${JSON.stringify(r.stderr)}`);
  if (r.code !== 0 && (r.stderr.trimEnd().includes('\n') || !r.stderr.startsWith(`sdmatch: ${file}: `))) problems.push(`${rel}: stderr is not one "sdmatch: FILE: problem" line: ${JSON.stringify(r.stderr)}`);

  if (NOT_PICKLE_THREATS[rel]) {
    if (r.code !== 2 || r.stdout !== '') problems.push(`${rel}: should be refused as not a checkpoint (${NOT_PICKLE_THREATS[rel]}); got exit ${r.code}`);
    return problems;
  }
  const j = r.stdout === '' ? null : (JSON.parse(r.stdout) as Report);
  if (j) {
    const invalid = validateJson(schema, j);
    if (invalid.length > 0) problems.push(`${rel}: JSON violates the schema: ${invalid.slice(0, 3).join('; ')}`);
    // a report printed with exit 2 is the documented broken-pickle case: the error is in it too
    // …or the verdict is incomplete, and its findings name what was not seen
    if (r.code === 2 && j.error === null && j.safety.verdict !== 'incomplete' && j.safety.verdict !== 'dangerous') problems.push(`${rel}: exit 2 with a report that names no error`);
    const verdictCode = ({ safe: 0, unknown: 1, dangerous: 2, incomplete: 2 } as Record<string, number>)[j.safety.verdict];
    if (j.error === null && r.code !== verdictCode) problems.push(`${rel}: verdict ${j.safety.verdict} but exit ${r.code}`);
    if (r.code !== 2 && j.error !== null) problems.push(`${rel}: exit ${r.code} but the report has error ${j.error}`);
  }

  const dangerous = j?.safety.globals.filter((g) => g.verdict === 'dangerous').map((g) => `${g.module}.${g.name}`) ?? [];
  if (e.malicious) {
    if (!j) problems.push(`${rel}: malicious but no report (exit ${r.code}: ${r.stderr})`);
    else if (j.safety.verdict !== 'dangerous') problems.push(`${rel}: malicious but verdict ${j.safety.verdict}`);
    else if (!RESOLVED_AT_RUN_TIME[rel]) {
      const missing = e.dangerous_globals.filter((g) => !dangerous.includes(g));
      if (missing.length > 0) problems.push(`${rel}: dangerous globals ${missing.join(', ')} not reported (got ${dangerous.join(', ')})`);
    }
  } else if (j?.safety.verdict === 'dangerous') problems.push(`${rel}: benign but reported dangerous (${dangerous.join(', ')})`);

  if (e.tensor_count !== null && !COUNT_EXCEPTIONS[rel]) {
    if (!j || j.error !== null) problems.push(`${rel}: expected ${e.tensor_count} tensors, got exit ${r.code}: ${r.stderr}`);
    else if (manifestCount(j) !== e.tensor_count) problems.push(`${rel}: expected ${e.tensor_count} tensors, got ${manifestCount(j)}`);
  }
  if (COUNT_EXCEPTIONS[rel] && r.code !== 2) problems.push(`${rel}: listed as an exception (${COUNT_EXCEPTIONS[rel]}) but now opens`);
  if (j) problems.push(...(await checkText(rel, j.safety.verdict)));
  return problems;
}

/**
 * The human report of every file that has one: rendered by the inspect command itself (runCli's
 * argument parsing is covered by the JSON pass), a warning block exactly for dangerous files, and
 * nothing raw from the file (terminal escapes, forged lines).
 */
async function checkText(rel: string, verdict: string): Promise<string[]> {
  const text = (await inspectCommand.run({ file: join(corpusDir, rel) }, memoryIO())).stdout;
  const problems: string[] = [];
  if (CONTROL.test(text)) problems.push(`${rel}: raw control characters in the text report`);
  const warned = text.includes('\n!! DANGEROUS: ');
  if (warned !== (verdict === 'dangerous')) problems.push(`${rel}: warning block ${warned ? 'shown' : 'missing'} for verdict ${verdict}`);
  return problems;
}

describe.skipIf(!corpusAvailable)('inspect over the real-world corpus', () => {
  const expected = corpusAvailable ? corpusExpectations() : {};

  it('holds the 932 files of the manifest', () => {
    expect(Object.keys(expected).length).toBe(932);
  });

  it('exit code is the verdict (0 safe, 1 unknown, 2 dangerous or incomplete or error) with one stderr line; malicious files dangerous, benign not; counts as the manifest; valid JSON; safe text', async () => {
    const problems: string[] = [];
    for (const [rel, e] of Object.entries(expected)) problems.push(...(await checkFile(rel, e)));
    expect(problems).toEqual([]);
  }, 120_000);

  it('groups a pickled nn.Module\'s tensors under its state dict keys', async () => {
    const r = await runCli(['inspect', join(corpusDir, 'level0rd-PPE-Detector/yolov5n.pt')], memoryIO());
    // a pickled nn.Module names its classes: loading it runs them, so the verdict is unknown (exit 1)
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/safety verdict unknown: it names models\.yolo\.Model/);
    expect(r.stdout).toMatch(/^ {2}model {2}state dict, 349 tensors$/m);
    expect(r.stdout).toContain('\nTensors in model (349)\nkey ');
    expect(r.stdout).toMatch(/^model\.0\.conv\.weight +float16 +\[16, 3, 6, 6\]$/m);
    // the module's non-state-dict tensor attributes stay outside, by path
    expect(r.stdout).toMatch(/^Other tensors \(\d+\)$/m);
    expect(r.stdout).not.toMatch(/_parameters\/weight/);
  });

  it('documents the broken-pickle case: the report with the dangerous globals, and the one error line', async () => {
    const file = join(corpusDir, 'picklescan/data/broken_model.pkl');
    const r = await runCli(['inspect', file], memoryIO());
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('!! DANGEROUS');
    expect(r.stdout).toMatch(/^!! {3}builtins\.exec {2}in /m);
    expect(r.stderr).toMatch(new RegExp(`^sdmatch: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S`));
    expect(r.stderr.split('\n')).toHaveLength(1);
  });
});

if (!corpusAvailable) {
  describe('inspect over the real-world corpus', () => {
    it.skip(`skipped: no corpus at ${corpusDir} (set SDMATCH_CORPUS to its directory)`, () => {});
  });
}
