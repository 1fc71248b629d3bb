import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { PlanOp } from '../../src/plan/types.js';
import { validatePlan } from '../../src/plan/validate.js';
import { repoRoot } from '../helpers/corpus.js';
import { validateJson, type JsonSchema } from '../helpers/json-schema.js';
import { runCli } from './capture-main.js';
import type { ExplainJson } from '../../src/report/explain.js';

export type { ExplainJson };

/**
 * Issue 10's five canonical failures (fixtures/canonical, written by torch 1.13 with fixtures/canonical.py):
 * the scenario files, and `sdmatch explain --json` run in-process as a user would run it.
 */

export const fx = (p: string) => join(repoRoot, 'fixtures', p);

export interface Scenario {
  name: string;
  description: string;
  call: string;
  source: string;
  error: string;
  manifest: string;
  target: { module: string; kwargs: Record<string, unknown>; class: string };
  expected: { select: (string | number)[]; ops: PlanOp[]; mapping: Record<string, string | null>; kept_missing: string[] };
}

export const NAMES = ['deeplabcut-dataparallel', 'depth-anything-ddp', 'lightning-renamed-head', 'vit-21k-head', 'var-trainer'] as const;
export type Name = (typeof NAMES)[number];

export const scenario = (name: Name) => JSON.parse(readFileSync(fx(`canonical/${name}.scenario.json`), 'utf8')) as Scenario;

const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/explain.schema.json'), 'utf8')) as Record<string, unknown>;

/** `sdmatch explain ARGS --json`, its JSON checked against the schema and its plan validated; also the human form. */
export async function explain(args: string[]): Promise<{ j: ExplainJson; code: number; text: string }> {
  const r = await runCli(['explain', ...args, '--json']);
  expect(r.stderr).toBe('');
  const j = JSON.parse(r.stdout) as ExplainJson;
  expect(validateJson(schema as JsonSchema, j)).toEqual([]);
  validatePlan(j.plan, 'stdout');
  const human = await runCli(['explain', ...args]);
  expect(human.code).toBe(r.code);
  return { j, code: r.code, text: human.stdout };
}

/** Everything explain says in words, JSON and human form together. */
export function words(j: ExplainJson, text: string): string {
  return [j.summary, j.fix ?? '', ...j.warnings, ...j.uncertain, ...j.causes.map((c) => c.message), ...j.keptMissing.map((k) => k.reason), text].join('\n');
}

/**
 * strict=False is advice only for keys kept missing on purpose, after the plan has moved every other key:
 * each sentence naming it must say "after the plan", and only a scenario with kept-missing keys may name it.
 */
export function expectNoStrictFalseWhileKeysMove(said: string, keptMissing: readonly string[]): void {
  const sentences = said.match(/[^.\n]*strict=False[^.\n]*/g) ?? [];
  if (keptMissing.length === 0) expect(sentences).toEqual([]);
  for (const s of sentences) expect(s).toContain('after the plan');
}

/** From an error text alone the shapes of what loads are unknown: no promise that a strict load succeeds. */
export function expectNoSuccessPromise(said: string): void {
  expect(said).not.toMatch(/strict=True\)? (?:then )?(?:succeeds|works|will succeed)|loads? (?:cleanly|without error)|will load/i);
}
