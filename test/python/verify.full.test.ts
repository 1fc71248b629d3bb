import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { python, ROOT, torchMissing } from './python.js';

interface Pair {
  name: string; source: string; select: string[]; target: { module: string; kwargs: Record<string, unknown> };
  expected: { transposed: string[] }; reference: string | null; strict: { error_file: string };
}
interface Verdict { ok: boolean; strict: boolean; weights_only?: boolean; equal?: number; stage?: string; error?: string; differ?: string[] }

const fixture = (rel: string) => join(ROOT, 'fixtures', rel);
const pair = (name: string) => JSON.parse(readFileSync(fixture(`pairs/${name}.pair.json`), 'utf8')) as Pair;

function verify(args: string[]): { status: number | null; verdict: Verdict } {
  const r = python(['python/verify_load.py', ...args]);
  const lines = r.stdout.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return { status: r.status, verdict: JSON.parse(lines[0]!) as Verdict };
}

function targetArgs(p: Pair): string[] {
  return ['--module', p.target.module, '--kwargs', JSON.stringify(p.target.kwargs)];
}

describe.skipIf(torchMissing !== null)('python/verify_load.py', () => {
  it('accepts each reference state dict as itself, strict and weights_only', () => {
    for (const name of ['ddp-vs-plain', 'densenet-legacy', 'fused-qkv']) {
      const p = pair(name);
      const { status, verdict } = verify([fixture(p.reference!), ...targetArgs(p), '--reference', fixture(p.reference!), '--require-weights-only']);
      expect(verdict).toMatchObject({ ok: true, strict: true, weights_only: true });
      expect(verdict.equal).toBeGreaterThan(0);
      expect(status).toBe(0);
    }
  });

  it('loads a nested checkpoint through --select and matches the reference bit for bit', () => {
    const p = pair('var-nesting');
    const { verdict } = verify([fixture(p.source), ...targetArgs(p), '--select', p.select.join('/'), '--reference', fixture(p.reference!)]);
    expect(verdict).toMatchObject({ ok: true, strict: true, weights_only: false, equal: 22 });
  });

  it('fixes a Conv1D source with --transpose, and fails without all of them', () => {
    const p = pair('gpt2-conv1d');
    const all = p.expected.transposed.flatMap((k) => ['--transpose', k]);
    const good = verify([fixture(p.source), ...targetArgs(p), ...all, '--reference', fixture(p.reference!)]);
    expect(good.verdict).toMatchObject({ ok: true, strict: true, equal: 27 });
    // the square c_proj weights load without error when left untransposed: only the comparison catches them
    const onlyNonSquare = p.expected.transposed.filter((k) => !k.endsWith('attn.c_proj.weight')).flatMap((k) => ['--transpose', k]);
    const silent = verify([fixture(p.source), ...targetArgs(p), ...onlyNonSquare, '--reference', fixture(p.reference!)]);
    expect(silent.status).toBe(1);
    expect(silent.verdict).toMatchObject({ ok: false, stage: 'compare', strict: true, differ: ['h.0.attn.c_proj.weight', 'h.1.attn.c_proj.weight'] });
  });

  it("reports torch's own strict error, exactly as the pair recorded it", () => {
    const p = pair('ddp-vs-plain');
    const { status, verdict } = verify([fixture(p.source), ...targetArgs(p)]);
    expect(status).toBe(1);
    expect(verdict).toMatchObject({ ok: false, stage: 'load_state_dict', strict: false });
    expect(verdict.error).toBe(readFileSync(fixture(p.strict.error_file), 'utf8'));
  });

  it('reads safetensors with the hand-written reader', () => {
    const { verdict } = verify([fixture('safetensors/mlp.safetensors'), '--module', 'fixtures.models:build_mlp',
      '--reference', fixture('safetensors/mlp.safetensors')]);
    expect(verdict).toMatchObject({ ok: true, strict: true, weights_only: true, equal: 4 });
  });
});
