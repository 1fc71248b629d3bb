import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchema, validateJson } from '../helpers/json-schema.js';
import { runCli } from './capture-main.js';
import { CASES, ESC, MODEL, prepareCases, SOURCE, tmp } from './output-cases.js';

prepareCases();

describe('--json, -q, --color on every command', () => {
  for (const c of CASES) {
    it(`${c.name}: --json follows schemas/${c.schema}, and -q --json prints the same`, async () => {
      const r = await runCli([...c.args(), '--json']);
      expect(r.stderr).toBe('');
      const json = JSON.parse(r.stdout) as unknown;
      expect(validateJson(loadSchema(c.schema), json)).toEqual([]);
      const quiet = await runCli([...c.args(), '--json', '-q']);
      expect(quiet.code).toBe(r.code);
      // the same document, but for what differs from run to run (output path, time taken)
      const stable = (s: string) => s.replace(/out-\d+/g, 'out').replace(/"seconds": [\d.e-]+/g, '"seconds": 0');
      expect(stable(quiet.stdout)).toBe(stable(r.stdout));
    });

    it(`${c.name}: -q prints nothing and exits as the report does; --color paints the report, --no-color does not`, async () => {
      const plain = await runCli(c.args());
      expect(plain.stdout).not.toBe('');
      const quiet = await runCli([...c.args(), '-q']);
      expect({ stdout: quiet.stdout, code: quiet.code }).toEqual({ stdout: '', code: plain.code });
      const painted = await runCli([...c.args(), '--color']);
      expect(painted.stdout).toContain(ESC);
      // --no-color wins over a terminal that would be painted
      const unpainted = await runCli([...c.args(), '--no-color'], { color: true });
      expect(unpainted.stdout).not.toContain(ESC);
      expect(unpainted.code).toBe(plain.code);
    });
  }

  it('check --format json/github/markdown/junit is data asked for: -q keeps it', async () => {
    for (const format of ['json', 'github', 'markdown', 'junit']) {
      const args = ['check', join(tmp.dir, 'lock.json'), MODEL, '--format', format];
      const r = await runCli(args);
      const quiet = await runCli([...args, '-q']);
      expect(quiet.stdout, format).toBe(r.stdout);
      expect(quiet.stdout, format).not.toBe('');
    }
  });

  it('manifest without -o prints the manifest itself (schemas/manifest.schema.json), kept by -q', async () => {
    const r = await runCli(['manifest', SOURCE, '-q']);
    expect(validateJson(loadSchema('manifest.schema.json'), JSON.parse(r.stdout))).toEqual([]);
  });
});

