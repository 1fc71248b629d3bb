import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeManifest } from '../../src/formats/manifest.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * s19-mend's "seen and not mended": `plan SRC TGT --rename … --drop …` without -o printed a `fix:` line that made
 * the plan again without the edits (`sdmatch plan SRC TGT -o plan.json && sdmatch apply …`): the unedited plan,
 * which here leaves a key unexpected and one missing. The line now gives back every option that shaped the plan,
 * and running it writes the edited plan, op for op.
 */
const { dir, cleanup } = tempDir('plan-fix-edits');
afterAll(() => cleanup());

/** A safetensors file of float32 zeros (the keys and shapes are what plan reads). */
function safetensors(path: string, tensors: Record<string, number[]>): void {
  let at = 0;
  const header: Record<string, unknown> = {};
  for (const [key, shape] of Object.entries(tensors)) {
    const n = shape.reduce((a, b) => a * b, 1) * 4;
    header[key] = { dtype: 'F32', shape, data_offsets: [at, at + n] };
    at += n;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([len, json, Buffer.alloc(at)]));
}

/** The shell words of a line as the fix line writes them (bare, or in single quotes with '\'' for a quote). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) out.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!);
  return out;
}

describe('the fix line makes the plan the user edited, not the unedited one', () => {
  it('--rename (an = escaped in its regex), --drop and --min-confidence come back in the line, and it writes the same ops', async () => {
    const src = join(dir, 'old.safetensors');
    safetensors(src, { 'module.enc.weight': [8, 4], 'module.enc.bias': [8], 'module.aux=1.weight': [3, 3], 'module.stale.weight': [5] });
    const cur = join(dir, 'cur.json');
    const f32 = (key: string, shape: number[]) => ({ key, shape, dtype: 'float32' as const });
    writeFileSync(cur, writeManifest([f32('enc.weight', [8, 4]), f32('enc.bias', [8]), f32('side.weight', [3, 3]), f32('front.weight', [3, 3])]));
    // the inferred rename of aux=1 (0.90) is cut by --min-confidence and given by hand; front is new, stale is dropped
    const edits = ['--min-confidence', '0.91', '--rename', '^aux\\=1\\.=side.', '--keep-missing', '^front\\.', '--drop', '^stale\\.'];
    const unedited = await runCli(['plan', src, cur]);
    expect(unedited.code).toBe(1);
    const r = await runCli(['plan', src, cur, ...edits, '--no-color']);
    const fix = r.stdout.split('\n').find((l) => l.startsWith('fix: '));
    expect(fix).toBeDefined();
    expect(fix).toContain("--rename '^aux\\=1\\.=side.'");
    expect(fix).toContain("--drop '^stale\\.'");
    expect(fix).toContain("--keep-missing '^front\\.'");
    expect(fix).toContain('--min-confidence 0.91');
    // the line's plan command, run as written, writes the edited plan
    // (a plan keeping keys missing exits 1: the line goes on to apply after exit 0 or 1, review 20 F7)
    const cmd = words(fix!.slice('fix: '.length).split(/ \|\| \[ \$\? -eq 1 \] && | && /)[0]!);
    expect(cmd.slice(0, 2)).toEqual(['sdmatch', 'plan']);
    const out = join(dir, 'plan.json');
    const again = await runCli([...cmd.slice(1).map((w) => (w === 'plan.json' ? out : w))]);
    expect(again.code, again.stdout + again.stderr).toBe(r.code);
    const direct = join(dir, 'direct.json');
    expect((await runCli(['plan', src, cur, ...edits, '-o', direct])).code).toBe(r.code);
    const ops = JSON.parse(readFileSync(direct, 'utf8')).ops;
    expect(JSON.parse(readFileSync(out, 'utf8')).ops).toEqual(ops);
    // and that plan is not the one made without the options
    const plain = join(dir, 'plain.json');
    await runCli(['plan', src, cur, '-o', plain]);
    expect(JSON.parse(readFileSync(plain, 'utf8')).ops).not.toEqual(ops);
  });
});
