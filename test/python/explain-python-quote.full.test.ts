import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { repoRoot } from '../helpers/corpus.js';

/**
 * s21-verify #5: explain's "the fix, in Python" for a folder checkpoint (DCP) names the folder in Python. A folder
 * named `row 'a'` (or holding `\` or `"`) must still give Python that parses: the printed block is handed to the
 * real interpreter (ast.parse, and the folder literal evaluated back to the folder's path).
 */

const ERROR = 'RuntimeError: Error(s) in loading state_dict for Wrapped:\n\tMissing key(s) in state_dict: "net.fc1.weight", "net.fc1.bias". \n\tUnexpected key(s) in state_dict: "fc1.weight", "fc1.bias". \n';

const PARSE = `
import ast, sys
code = open(sys.argv[1]).read()
tree = ast.parse(code)
call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, 'id', '') == 'dcp_to_torch_save')
print(ast.literal_eval(call.args[0]))
`;

/** The printed "the fix, in Python" block, dedented. */
function pythonBlock(stdout: string): string {
  const lines = stdout.split('\n');
  const start = lines.indexOf('the fix, in Python') + 1;
  expect(start, stdout).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i >= start && l.trim() === '');
  return lines.slice(start, end < 0 ? undefined : end).map((l) => l.replace(/^ {2}/, '')).join('\n');
}

describeWithTorch('explain\'s Python names a folder with quotes as a Python literal that parses (s21-verify #5)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-pyquote-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const error = join(tmp, 'error.txt');
  writeFileSync(error, ERROR);

  for (const name of ["row 'a'", 'back\\slash', 'dq "x" it\'s']) {
    it(`a DCP folder named ${name}: the printed Python parses and names that folder`, async () => {
      const dir = join(tmp, name);
      cpSync(join(repoRoot, 'fixtures', 'dcp', 'col-sharded'), dir, { recursive: true });
      const e = await runCli(['explain', dir, error, '--no-color']);
      expect(e.stderr).toBe('');
      const code = pythonBlock(e.stdout);
      expect(code).toContain('dcp_to_torch_save(');
      const file = join(tmp, `${Buffer.from(name).toString('hex')}.py`);
      writeFileSync(file, code);
      expect(runPython(PARSE, [file]).trim()).toBe(dir);
    });
  }
});
