import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { repoRoot } from '../helpers/corpus.js';

/**
 * Issue 15: a DCP checkpoint is named by its directory, its .metadata or any one of its .distcp files,
 * and every command accepts each of the three and answers the same.
 */
const dir = join(repoRoot, 'fixtures', 'dcp', 'col-sharded');
const names = [dir, join(dir, '.metadata'), join(dir, '__1_0.distcp')];
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-cli-dcp-'));
const run = (args: string[]) => runCli(args, memoryIO());
/** the answer with the checkpoint's name taken out */
const same = (text: string, name: string) => text.split(name).join('CKPT');

describe('every command accepts a DCP checkpoint by any of its names', () => {
  it('inspect, manifest, diff, check, plan and explain: the same answer and exit code for the directory, .metadata and a shard', async () => {
    const manifest = join(tmp, 'model.json');
    const m = await run(['manifest', dir]);
    expect(m.code).toBe(0);
    const wanted = m.stdout.replace(/"(scale|steps|embed\.weight|fc[12]\.(weight|bias)|norm\.(weight|bias))"/g, '"net.$1"');
    writeFileSync(manifest, wanted);
    const error = join(tmp, 'error.txt');
    writeFileSync(error, 'RuntimeError: Error(s) in loading state_dict for Wrapped:\n\tMissing key(s) in state_dict: "net.fc1.weight", "net.fc1.bias". \n\tUnexpected key(s) in state_dict: "fc1.weight", "fc1.bias". \n');
    // exit codes as each command gives them for this pair; what matters is that the three names agree
    const commands: [string, (name: string) => string[], number | null][] = [
      ['inspect', (n) => ['inspect', n, '--verbose'], 0],
      ['manifest', (n) => ['manifest', n], 0],
      ['diff', (n) => ['diff', n, manifest], null],
      ['check', (n) => ['check', n, manifest], null],
      ['plan', (n) => ['plan', n, manifest, '--no-hash'], 0],
      ['explain', (n) => ['explain', n, error], 0],
    ];
    for (const [what, args, code] of commands) {
      const answers: string[] = [];
      const codes = new Set<number>();
      for (const n of names) {
        const r = await run(args(n));
        expect(r.stderr, `${what} ${n}`).toBe('');
        if (code !== null) expect(r.code, `${what} ${n}: ${r.stdout.slice(0, 300)}`).toBe(code);
        expect(r.code, `${what} ${n}`).toBeLessThan(2);
        codes.add(r.code);
        answers.push(same(same(same(r.stdout, n), dir), join(dir, '.metadata')));
      }
      expect(codes.size, `${what}: one exit code`).toBe(1);
      expect(answers[1], `${what}: .metadata`).toBe(answers[0]);
      expect(answers[2], `${what}: a shard`).toBe(answers[0]);
    }
    expect(readFileSync(manifest, 'utf8')).toContain('"net.fc1.weight"');
    // explain's Python fix works on a loaded checkpoint: for a DCP directory it says how to get one
    const e = await run(['explain', names[2]!, error]);
    expect(e.stdout).toContain(`dcp_to_torch_save('${dir}', 'checkpoint.pt'); checkpoint = torch.load('checkpoint.pt')`);
    // one mechanism for every folder format: the torch way, then the fix on what it loads, then sdmatch's one step
    expect(e.stdout).toMatch(/import re\n\s+import torch\n\s+from torch\.distributed\.checkpoint\.format_utils import dcp_to_torch_save\n[^\n]+\n\s+state_dict = checkpoint\['model'\]\n\s+state_dict = \{re\.sub\(/);
    expect(e.stdout).toMatch(/# or in one step: sdmatch plan \S+ \S+ -o plan\.json && sdmatch apply \S+ plan\.json -o merged\.safetensors merges it, applying this fix on the way/);
    expect((await run(['explain', join(repoRoot, 'fixtures', 'torch-zip', 'mlp.pt'), error])).stdout).not.toContain('dcp_to_torch_save');
  });

  it('a directory that is not a checkpoint is one line and exit 2', async () => {
    const r = await run(['inspect', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/is a directory, not a checkpoint sdmatch recognises/);
  });
});
