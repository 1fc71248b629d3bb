import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { mutate, MUTATION_KINDS, type MutationKind } from './mutate.js';

/**
 * A mutation fuzzing campaign over fixture files: each mutant is written to a scratch file and run
 * through the CLI in-process (runCli, no child process) — see COMMANDS — on worker threads so that a mutant which hangs is cut off at its timeout and one that
 * blows the heap hits the worker's memory limit instead of the machine's. Bad input must end in exit
 * 0, 1 or 2 with at most one error line and no stack trace; anything else is a finding, kept (with the
 * mutant's bytes) for replaying.
 */

export type Problem = 'exit 3' | 'stack trace' | 'not one error line' | 'hang' | 'out of memory' | 'crash';

export interface Finding {
  fixture: string;
  seed: number;
  kind: MutationKind;
  detail: string;
  args: string[];
  problem: Problem;
  message: string;
  /** where the mutant was saved, when a folder for findings was given */
  saved?: string;
}

export interface CampaignOptions {
  fixtures: readonly string[];
  count: number;
  /** mutant i uses seed `seed + i` on fixture i mod n */
  seed: number;
  workers: number;
  timeoutMs: number;
  /** each worker's heap limit */
  memoryMb: number;
  scratch: string;
  /** dist/cli/main.js (and io.js beside it): the built CLI the workers run */
  cliDir: string;
  /** save each finding's mutant here */
  findingsDir?: string;
  progress?: (done: number, total: number) => void;
}

export interface CampaignReport {
  mutants: number;
  runs: number;
  byKind: Record<MutationKind, number>;
  /** exit codes of the runs that completed */
  exits: Record<string, number>;
  findings: Finding[];
  seconds: number;
}

/** Every fixture file under `dir` (the generators and their helpers are not fixtures). */
export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== '__pycache__') walk(p);
      } else if (!name.endsWith('.py') && !name.endsWith('.pyc')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * What each mutant goes through: the readers (inspect, in both forms), the comparison and inference
 * (diff, plan against the original), and the writers (apply of the original's identity plan, forced
 * past the fingerprint so that the mutant's bytes reach them).
 */
const COMMANDS = (mutant: string, original: string, lane: string, i: number): string[][] => {
  const plan = join(lane, `${basename(original)}.identity-plan.json`);
  const commands = [['inspect', mutant], ['inspect', mutant, '--json'], ['diff', mutant, original]];
  if (original.endsWith('.txt')) commands.push(['explain', mutant]);
  // inference and writing cost 10-100× a read: one mutant in WRITE_EVERY goes through them
  if (i % WRITE_EVERY === 0) {
    commands.push(['plan', mutant, original], ['plan', original, original, '-o', plan, '--no-hash'], ['apply', mutant, plan, '-o', join(lane, 'applied.pt'), '--force', '--no-sync']);
  }
  return commands;
};
const WRITE_EVERY = 5;

/** `at …(file:line:col)` lines: a stack trace reached the user */
const TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Runs in the worker (plain JS, eval'd): imports the built CLI, runs each job's commands. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const load = Promise.all([import(workerData.cliDir + '/main.js'), import(workerData.cliDir + '/io.js')]);
parentPort.on('message', async (job) => {
  const [{ runCli }, { memoryIO }] = await load;
  const results = [];
  for (const args of job.commands) {
    try {
      const r = await runCli(args, memoryIO());
      results.push({ code: r.code, stderr: r.stderr.slice(0, 4000), stdoutTrace: /^\\s+at .+(:\\d+:\\d+\\)?|\\(native\\))$/m.test(r.stdout.slice(0, 200000)) });
    } catch (e) {
      results.push({ code: -1, stderr: 'runCli threw: ' + String(e && e.stack || e), stdoutTrace: false });
    }
  }
  parentPort.postMessage({ id: job.id, results });
});
`;

interface Job {
  id: number;
  fixture: string;
  seed: number;
  kind: MutationKind;
  detail: string;
  bytes: Uint8Array;
  commands: string[][];
  file: string;
}

interface Result {
  code: number;
  stderr: string;
  stdoutTrace: boolean;
}

export async function runCampaign(opts: CampaignOptions): Promise<CampaignReport> {
  const started = Date.now();
  const byKind = Object.fromEntries(MUTATION_KINDS.map((k) => [k, 0])) as Record<MutationKind, number>;
  const exits: Record<string, number> = {};
  const findings: Finding[] = [];
  const originals = new Map(opts.fixtures.map((f) => [f, readFileSync(f)]));
  let next = 0;
  let done = 0;
  let runs = 0;

  const makeJob = (i: number, lane: number): Job => {
    const fixture = opts.fixtures[i % opts.fixtures.length]!;
    const seed = opts.seed + i;
    const m = mutate(originals.get(fixture)!, seed);
    byKind[m.kind]++;
    const dir = join(opts.scratch, `lane-${lane}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, basename(fixture));
    return { id: i, fixture, seed, kind: m.kind, detail: m.detail, bytes: m.bytes, commands: COMMANDS(file, fixture, dir, i), file };
  };

  const record = (job: Job, args: string[], problem: Problem, message: string) => {
    const f: Finding = { fixture: job.fixture, seed: job.seed, kind: job.kind, detail: job.detail, args, problem, message: message.slice(0, 2000) };
    if (opts.findingsDir) {
      mkdirSync(opts.findingsDir, { recursive: true });
      f.saved = join(opts.findingsDir, `${basename(job.fixture)}.seed-${job.seed}`);
      writeFileSync(f.saved, job.bytes);
    }
    findings.push(f);
  };

  const judge = (job: Job, results: Result[]) => {
    results.forEach((r, k) => {
      runs++;
      const args = job.commands[k]!;
      exits[String(r.code)] = (exits[String(r.code)] ?? 0) + 1;
      if (r.code === 3 || r.code === -1) record(job, args, 'exit 3', r.stderr);
      else if (TRACE.test(r.stderr) || r.stdoutTrace) record(job, args, 'stack trace', r.stderr);
      else if (r.code === 2 && r.stderr.trim().split('\n').length !== 1) record(job, args, 'not one error line', r.stderr);
    });
  };

  const lane = (index: number): Promise<void> =>
    new Promise((resolve) => {
      let worker: Worker;
      let job: Job | null = null;
      let timer: NodeJS.Timeout | null = null;
      const start = () => {
        worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { cliDir: opts.cliDir }, resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb }, stdout: true, stderr: true });
        worker.on('message', (m: { id: number; results: Result[] }) => {
          if (!job || m.id !== job.id) return;
          clearTimeout(timer!);
          judge(job, m.results);
          finish();
        });
        worker.on('error', (e: Error & { code?: string }) => {
          if (!job) return;
          clearTimeout(timer!);
          record(job, job.commands[0]!, e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : 'crash', String(e.stack ?? e));
          restartAndFinish();
        });
      };
      const restartAndFinish = () => {
        void worker.terminate();
        start();
        finish();
      };
      const finish = () => {
        job = null;
        done++;
        opts.progress?.(done, opts.count);
        take();
      };
      const take = () => {
        if (next >= opts.count) {
          void worker.terminate();
          resolve();
          return;
        }
        job = makeJob(next++, index);
        writeFileSync(job.file, job.bytes);
        const current = job;
        timer = setTimeout(() => {
          if (job !== current) return;
          record(current, current.commands[0]!, 'hang', `no answer within ${opts.timeoutMs} ms`);
          restartAndFinish();
        }, opts.timeoutMs);
        worker.postMessage({ id: job.id, commands: job.commands });
      };
      start();
      take();
    });

  await Promise.all(Array.from({ length: Math.max(1, opts.workers) }, (_, i) => lane(i)));
  return { mutants: opts.count, runs, byKind, exits, findings, seconds: (Date.now() - started) / 1000 };
}

/** One line per finding: enough to replay it (fixture, seed) and see what went wrong. */
export function describeFinding(f: Finding): string {
  return `${f.problem}: ${basename(f.fixture)} seed ${f.seed} (${f.kind}: ${f.detail}) — sdmatch ${f.args.map((a) => basename(a)).join(' ')}: ${f.message.split('\n')[0]}`;
}
