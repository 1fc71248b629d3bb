import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { python } from './python.js';

/**
 * Issue 15's proof: every DCP fixture consolidated by `sdmatch apply` (torch zip, safetensors, sharded
 * safetensors and sharded torch with an index) is loaded by real torch with strict=True into the model it
 * was saved from, and every tensor equals what torch saved, bit for bit (test/python/dcp_consolidated.py).
 * The plan is made against the model's own manifest (python/sdmatch_manifest.py), as a user would; the
 * wrapped target needs every key renamed (`net.` prefix) on the way. Runs the CLI bundle (npm run build).
 */

const truth = JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'dcp', 'truth.json'), 'utf8')) as Record<string, unknown>;
const sdmatch = (...args: string[]) => execFileSync(process.execPath, [join(repoRoot, 'bin', 'sdmatch.js'), ...args], { cwd: repoRoot, encoding: 'utf8' });

function verdict(fixture: string, out: string, wrapped = false): Record<string, unknown> {
  const r = python(['test/python/dcp_consolidated.py', fixture, out, ...(wrapped ? ['--wrapped'] : [])]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

function manifestOf(dir: string, fixture: string, ctor: string): string {
  const path = join(dir, `${fixture}-${ctor}.manifest.json`);
  const r = python(['python/sdmatch_manifest.py', 'module', `fixtures.dcp:${ctor}`, '--kwargs', JSON.stringify({ name: fixture }), '-o', path]);
  expect(r.status, r.stderr).toBe(0);
  return path;
}

describeWithTorch('DCP consolidation, checked by real torch', () => {
  const tmp = tempDir('sdmatch-dcp-full');
  afterAll(() => tmp.cleanup());

  for (const fixture of Object.keys(truth)) {
    it(`${fixture}: torch zip, safetensors and both sharded layouts load strict=True, every tensor bit-equal`, () => {
      const src = join(repoRoot, 'fixtures', 'dcp', fixture);
      const plan = join(tmp.dir, `${fixture}.plan.json`);
      sdmatch('plan', src, manifestOf(tmp.dir, fixture, 'build_blank'), '-o', plan, '-q');
      const outs = [
        ['out.pt'], ['out.safetensors'],
        ['st-shards', '--max-shard-size', '400B', '--format', 'safetensors'],
        ['pt-shards', '--max-shard-size', '400B', '--format', 'torch'],
      ];
      for (const [name, ...extra] of outs) {
        const out = join(tmp.dir, `${fixture}-${name!}`);
        sdmatch('apply', src, plan, '-o', out, '-q', ...extra);
        if (extra.length > 0) expect(readdirSync(out).length, name).toBeGreaterThan(2);
        expect(verdict(fixture, out), `${fixture} → ${name}`).toEqual({ ok: true, strict: true, equal: 9, differ: [], extra: [] });
      }
    });
  }

  for (const fixture of ['uneven', 'safetensors', 'old-layout']) {
    it(`${fixture}: renamed on the way (every key under net.), loads strict=True into the wrapped model`, () => {
      const src = join(repoRoot, 'fixtures', 'dcp', fixture);
      const plan = join(tmp.dir, `${fixture}.wrapped.plan.json`);
      sdmatch('plan', src, manifestOf(tmp.dir, fixture, 'build_wrapped'), '-o', plan, '-q');
      const out = join(tmp.dir, `${fixture}-wrapped.safetensors`);
      sdmatch('apply', src, plan, '-o', out, '-q');
      expect(verdict(fixture, out, true)).toEqual({ ok: true, strict: true, equal: 9, differ: [], extra: [] });
      // and the checker is not vacuous: the unrenamed output does not load into the wrapped model
      const plain = join(tmp.dir, `${fixture}-plain.pt`);
      const plainPlan = join(tmp.dir, `${fixture}.plain.plan.json`);
      sdmatch('plan', src, manifestOf(tmp.dir, fixture, 'build_blank'), '-o', plainPlan, '-q');
      sdmatch('apply', src, plainPlan, '-o', plain, '-q');
      expect(verdict(fixture, plain, true)).toMatchObject({ ok: false, stage: 'load_state_dict' });
    });
  }

  it('renamed in place: Python unpickles the rewritten .metadata into the same classes (stand-ins under torch\'s names), the renamed checkpoint consolidates and loads into the wrapped model', () => {
    const dir = join(tmp.dir, 'inplace');
    cpSync(join(repoRoot, 'fixtures', 'dcp', 'uneven'), dir, { recursive: true });
    const plan = join(tmp.dir, 'inplace.plan.json');
    sdmatch('plan', dir, manifestOf(tmp.dir, 'uneven', 'build_wrapped'), '-o', plan, '-q');
    sdmatch('apply', dir, plan, '--in-place', '-q');
    const r = python(['-c', `
import json, pickle, sys, torch
sys.path.insert(0, '.')
from fixtures import dcp
lay = dcp.layout_2_8()
md = pickle.load(open(sys.argv[1], 'rb'))
assert type(md) is lay.Metadata, type(md)
props = [v.properties for v in md.state_dict_metadata.values() if isinstance(v, lay.TensorStorageMetadata)]
assert all(p.memory_format == torch.contiguous_format and isinstance(p.dtype, torch.dtype) for p in props)
print(json.dumps({'keys': sorted(md.state_dict_metadata), 'fqns': sorted({k.fqn for k in md.storage_data}),
                  'paths': sorted('/'.join(map(str, v)) for v in md.planner_data.values()),
                  'files': sorted({v.relative_path for v in md.storage_data.values()}), 'version': md.version}))
`, join(dir, '.metadata')]);
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as { keys: string[]; fqns: string[]; paths: string[]; files: string[]; version: string };
    const want = ['config.lr', 'config.name', 'step'];
    expect(got.keys.filter((k) => !k.startsWith('model.'))).toEqual(want);
    expect(got.keys.filter((k) => k.startsWith('model.')).every((k) => k.startsWith('model.net.'))).toBe(true);
    expect(got.fqns).toEqual(got.keys);
    expect(got.paths.filter((p) => p.startsWith('model/')).every((p) => p.startsWith('model/net.'))).toBe(true);
    expect(got).toMatchObject({ files: ['__0_0.distcp', '__1_0.distcp', '__2_0.distcp'], version: '1.0.0' });
    const out = join(tmp.dir, 'inplace-consolidated.pt');
    const plan2 = join(tmp.dir, 'inplace2.plan.json');
    sdmatch('plan', dir, manifestOf(tmp.dir, 'uneven', 'build_wrapped'), '-o', plan2, '-q');
    sdmatch('apply', dir, plan2, '-o', out, '-q');
    expect(verdict('uneven', out, true)).toEqual({ ok: true, strict: true, equal: 9, differ: [], extra: [] });
  });

  it('a consolidated output whose bytes were changed fails the check (the comparison is bit for bit)', () => {
    const src = join(repoRoot, 'fixtures', 'dcp', 'row-sharded');
    const plan = join(tmp.dir, 'tamper.plan.json');
    sdmatch('plan', src, manifestOf(tmp.dir, 'row-sharded', 'build_blank'), '-o', plan, '-q');
    const out = join(tmp.dir, 'tamper.safetensors');
    sdmatch('apply', src, plan, '-o', out, '-q');
    const bytes = readFileSync(out);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(out, bytes);
    expect(verdict('row-sharded', out)).toMatchObject({ ok: false, strict: true });
  });
});
