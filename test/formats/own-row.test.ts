import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBlobNames } from '../../src/analysis/infer/blob-names.js';
import { tokenSimilarity } from '../../src/analysis/infer/similarity.js';
import { leafName } from '../../src/analysis/infer/synonyms.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { joinSubcommand } from '../../src/cli/commands.js';
import { dtypeOfTorchGlobal } from '../../src/formats/dtype.js';
import { globalPath } from '../../src/formats/pickle/global-path.js';

/**
 * Names from the user's files and command line (key segments, pickle globals, argv words) looked up in
 * tables kept as object literals: a name spelled like an Object.prototype member (`constructor`,
 * `toString`, `__proto__` …) is no row of any table (s19-speedp's note; the whole src/ grep, s20-mend).
 */
const PROTO = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('tables keyed by user names read their own rows only', () => {
  it('token similarity: a key word named like a prototype member is compared as a word (no throw)', () => {
    for (const w of PROTO) {
      expect(tokenSimilarity(w, 'ln')).toBe(tokenSimilarity('zzz', 'ln'));
      expect(tokenSimilarity('q', w)).toBeGreaterThanOrEqual(0);
      expect(tokenSimilarity(w, 'q')).toBeGreaterThanOrEqual(0);
    }
    expect(tokenSimilarity('ln', 'norm')).toBe(0.6);
  });

  it('Caffe2 blob names: a blob ending in such a word keeps it as its leaf', () => {
    for (const w of PROTO) expect(leafName(`res2_${w}`)).toBe(`res2_${w}`);
    expect(leafName('res2_w')).toBe('weight');
    const entries = (keys: string[]) => keys.map((key) => ({ key, shape: [3], dtype: 'float32' as const }));
    const read = readBlobNames(entries(['res_a_constructor', 'res_a_w', 'res_b_toString']), entries(['res.a.constructor', 'res.a.weight', 'res.b.toString']));
    expect(read).not.toBeNull();
    expect(read!.entries.map((e) => e.key)).toEqual(['res.a.constructor', 'res.a.weight', 'res.b.toString']);
  });

  it('pickle globals and dtype globals: a module or name spelled like a prototype member is itself', () => {
    for (const w of PROTO) {
      expect(globalPath(w, 'system')).toBe(`${w}.system`);
      expect(dtypeOfTorchGlobal(w)).toBeUndefined();
    }
    expect(globalPath('__builtin__', 'eval')).toBe('builtins.eval');
    expect(dtypeOfTorchGlobal('half')).toBe('float16');
  });

  it('the command line: such a word is an unknown command (exit 2), in completions too', async () => {
    for (const w of PROTO) {
      expect(joinSubcommand([w, 'edit'])).toEqual([w, 'edit']);
      const r = await runCli([w, 'x'], memoryIO());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`unknown command "${w}"`);
      const c = await runCli(['--get-yargs-completions', 'sdmatch', w, ''], memoryIO());
      expect(c.code).toBe(0);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'own-row-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('explain of an error text whose keys hold such words: read and planned, no internal error', async () => {
    const modules = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
    const missing = modules.flatMap((m) => [`backbone.${m}.proj.weight`, `backbone.${m}.proj.bias`, `backbone.${m}.norm.weight`]);
    const unexpected = modules.flatMap((m) => [`encoder.${m}.fc.weight`, `encoder.${m}.fc.bias`, `encoder.${m}.norm.weight`]);
    const text = `RuntimeError: Error(s) in loading state_dict for Module:\n\tMissing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. \n\tUnexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. \n`;
    const file = join(dir, 'err.txt');
    writeFileSync(file, text);
    const r = await runCli(['explain', file, '--json'], memoryIO());
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const mapping = JSON.parse(r.stdout).plan.mapping as Record<string, unknown>;
    for (const m of modules) expect(mapping[`encoder.${m}.norm.weight`]).toBe(`backbone.${m}.norm.weight`);
  });
});
