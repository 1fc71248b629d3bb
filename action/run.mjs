#!/usr/bin/env node
// The logic of the sdmatch GitHub Action (action.yml), as a script so it can be tested off GitHub:
// inputs arrive as INPUT_* environment variables (as the action passes them), results go where
// GitHub reads them — workflow commands (annotations) on stdout, the job summary appended to
// GITHUB_STEP_SUMMARY (sdmatch check --format github writes it), outputs appended to GITHUB_OUTPUT.
// Plain Node (>= 20), no dependencies: it runs before anything else is installed.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const input = (name, fallback = '') => (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? fallback).trim();

/** `sdmatch`, or SDMATCH_CLI (a .js file run with this Node: the clone's bin/sdmatch.js in tests). */
function sdmatch(args, opts = {}) {
  const cli = process.env.SDMATCH_CLI;
  const [cmd, argv] = cli ? [process.execPath, [cli, ...args]] : ['sdmatch', args];
  return spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
}

function fail(message) {
  // one error annotation and a failed step; never a stack trace
  process.stdout.write(`::error title=sdmatch::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  process.exit(2);
}

function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (file) appendFileSync(file, `${name}=${String(value).replace(/\n/g, ' ')}\n`);
}

const baseline = input('baseline');
let current = input('current');
const model = input('model');
if (!baseline) fail('the input "baseline" (the lock manifest) is required');

// 1. the model's manifest, dumped by the Python helper, when a constructor is named
if (model) {
  if (!current) current = join(process.env.RUNNER_TEMP ?? dirname(resolve(baseline)), 'sdmatch-model.json');
  const helper = process.env.SDMATCH_PYTHON_HELPER ?? join(here, '..', 'python', 'sdmatch_manifest.py');
  const python = input('python', 'python');
  const kwargs = input('model-kwargs', '{}');
  const r = spawnSync(python, [helper, 'module', model, '--kwargs', kwargs, '-o', current], { encoding: 'utf8' });
  if (r.error) fail(`cannot run ${python}: ${r.error.message}`);
  process.stderr.write(r.stderr);
  if (r.status !== 0) fail(`the model's manifest could not be written: ${(r.stderr.trim().split('\n').pop() ?? '').replace(/^sdmatch_manifest: /, '')}`);
} else if (!current) {
  fail('give "current" (the model\'s manifest) or "model" (its constructor, module:function) to dump it');
}

// 2. the check: annotations on stdout, the Markdown report appended to the job summary, the plan written
const planOut = input('plan-out', join(process.env.RUNNER_TEMP ?? dirname(resolve(baseline)), 'sdmatch-migrate.json'));
const policy = [];
for (const [name, flag] of [['fail-on', '--fail-on'], ['allow', '--allow'], ['ignore', '--ignore'], ['min-confidence', '--min-confidence'], ['config', '--config']]) {
  const value = input(name);
  if (value) for (const v of name === 'ignore' ? value.split('\n').filter(Boolean) : [value]) policy.push(flag, v.trim());
}
const check = sdmatch(['check', baseline, current, '--format', 'github', '--plan-out', planOut, ...policy], { stdio: ['ignore', 'pipe', 'pipe'] });
if (check.error) fail(`cannot run sdmatch: ${check.error.message}`);
process.stdout.write(check.stdout);
process.stderr.write(check.stderr);
if (check.status !== 0 && check.status !== 1) fail(`sdmatch check failed (exit ${check.status}): ${check.stderr.trim().split('\n')[0] ?? ''}`);

// 3. outputs for later steps: the verdict, whether the policy passed, the plan's path when written
const json = sdmatch(['check', baseline, current, '--json', ...policy], { stdio: ['ignore', 'pipe', 'pipe'] });
let verdict = 'unknown';
try {
  verdict = JSON.parse(json.stdout).verdict;
} catch {
  // the annotations above already say what check found; the output stays unknown
}
setOutput('verdict', verdict);
setOutput('passed', check.status === 0);
setOutput('manifest', current);
// a breaking check writes no plan (sdmatch check --plan-out): a file already at that path is not this run's
setOutput('plan', verdict !== 'breaking' && existsSync(planOut) ? planOut : '');
process.exit(check.status);
