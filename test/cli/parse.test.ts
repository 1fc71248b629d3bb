import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { colorFor } from '../../src/cli/io.js';

const run = (argv: string[]) => runCli(argv, memoryIO());
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** A usage mistake is one line on stderr, exit 2, nothing on stdout. */
async function usage(argv: string[]): Promise<string> {
  const r = await run(argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toHaveLength(1);
  return r.stderr.replace(/^sdmatch: /, '');
}

describe('the command line (yargs)', () => {
  it('says what is wrong in one line, as before yargs', async () => {
    expect(await usage([])).toBe('name a command (see --help)');
    expect(await usage(['dif', 'a', 'b'])).toBe('unknown command "dif"; did you mean diff? (see --help)');
    expect(await usage(['frobnicate'])).toBe('unknown command "frobnicate" (see --help)');
    expect(await usage(['diff'])).toBe('missing required argument: source');
    expect(await usage(['diff', 'a'])).toBe('missing required argument: expected');
    expect(await usage(['diff', 'a', 'b', 'c'])).toBe('unexpected argument: c');
    expect(await usage(['plan', 'a', '--emit', 'xml'])).toBe('--emit is one of python, hf, mmengine, not "xml"');
    expect(await usage(['plan', 'a', '--min-confidence', 'high'])).toBe('--min-confidence takes a number, not "high"');
    expect(await usage(['plan', 'a', '--out'])).toBe('option --out needs a value');
    expect(await usage(['inspect', '--frob', 'x'])).toBe('unknown option --frob');
  });

  it('suggests the option meant by a misspelled one', async () => {
    expect(await usage(['inspect', 'x.pt', '--filtr', 'bn'])).toBe('unknown option --filtr; did you mean --filter?');
    expect(await usage(['inspect', 'x.pt', '--fliter=bn'])).toBe('unknown option --fliter; did you mean --filter?');
    expect(await usage(['check', 'a', 'b', '--alow', 'added'])).toBe('unknown option --alow; did you mean --allow?');
    expect(await usage(['diff', 'a', 'b', '--zzzzzz'])).toBe('unknown option --zzzzzz');
  });

  it('reads - as standard input, every value of a list option', async () => {
    const r = await runCli(['manifest', '-', '-o', '/nonexistent/b.json'], memoryIO({ stdin: 'a.weight\nb.bias\n' }));
    expect(r).toMatchObject({ code: 2, stderr: 'sdmatch: /nonexistent/b.json: cannot write: no such folder' });
    expect(await usage(['check', 'a', 'b', '--allow', 'added,dtype', '--allow', 'x'])).toBe('--allow takes added, dtype, not "x"');
  });

  // review 22 F6: yargs hands a repeated option to the command as an array; check printed nothing (exit 1),
  // plan --emit died (exit 3), apply said "the output is safetensors,safetensors" and wrote a torch zip, and
  // where the last value won the first was lost without a word
  it('a single-valued option given twice is a usage error, whatever the command, before anything is read', async () => {
    const P = 'fixtures/pairs/ddp-vs-plain.manifest.json';
    expect(await usage(['check', P, P, '--format', 'json', '--format', 'markdown'])).toBe('--format given twice (json, markdown): it takes one value');
    expect(await usage(['plan', 'fixtures/training/ddp.pt', P, '--emit', 'python', '--emit', 'hf'])).toBe('--emit given twice (python, hf): it takes one value');
    expect(await usage(['check', P, P, '--min-confidence', '0.5', '--min-confidence', '0.9'])).toBe('--min-confidence given twice (0.5, 0.9): it takes one value');
    expect(await usage(['plan', 'x.pt', P, '--minConfidence', '0.5', '--min-confidence=0.9'])).toBe('--min-confidence given twice (0.5, 0.9): it takes one value');
    expect(await usage(['apply', 'x.pt', 'p.json', '-o', 'd.pt', '--format', 'safetensors', '--format', 'safetensors'])).toBe('--format given twice (safetensors, safetensors): it takes one value');
    expect(await usage(['plan', 'x.pt', P, '-o', 'p1.json', '--out', 'p2.json'])).toBe('-o/--out given twice (p1.json, p2.json): it takes one value');
    expect(await usage(['manifest', '-', '-o', 'a.json', '-o', 'b.json', '-o', 'c.json'])).toBe('-o/--output given 3 times (a.json, b.json, c.json): it takes one value');
    expect(await usage(['plan', 'x.pt', '-', '--select', 'a', '--select', '-'])).toBe('--select given twice (a, -): it takes one value');
    expect(await usage(['plan', 'x.pt', P, '--heads', '32/8', '--heads', '4'])).toBe('--heads given twice (32/8, 4): it takes one value');
    expect(await usage(['inspect', 'x.pt', '--filter', 'a', '--filter', 'b'])).toBe('--filter given twice (a, b): it takes one value');
  });

  it('a list option and a repeated boolean stay as they were', async () => {
    expect(await usage(['check', 'a', 'b', '--allow', 'added', '--allow', 'x'])).toBe('--allow takes added, dtype, not "x"');
    const P = 'fixtures/pairs/ddp-vs-plain.manifest.json';
    const r = await run(['diff', P, P, '-q', '--quiet', '--json', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).same).toBe(true);
  });

  it('-o with --in-place is a usage error: --in-place was ignored and OUT written', async () => {
    expect(await usage(['apply', 'x.pt', 'p.json', '-o', 'd.pt', '--in-place'])).toBe('-o/--out and --in-place cannot be given together (--in-place writes the output over SOURCE; -o writes it elsewhere): give one');
    expect(await usage(['apply', 'x.pt', 'p.json', '--in-place', '--out=d.pt'])).toMatch(/^-o\/--out and --in-place cannot be given together/);
  });

  it('lists every command with --help, prints the version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['inspect', 'diff', 'manifest', 'plan', 'explain', 'apply', 'check', 'completion']) expect(help.stdout).toContain(`sdmatch ${c}`);
    for (const o of ['--json', '--quiet', '--color', '--debug']) expect(help.stdout).toContain(o);
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await run(['help'])).stdout).toBe(help.stdout);
    expect((await run(['help', 'diff'])).stdout).toBe((await run(['diff', '--help'])).stdout);
  });

  it("generates a command's help: usage, its options with choices and defaults, examples", async () => {
    const r = await run(['apply', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sdmatch apply <source> <plan>/);
    expect(flat(r.stdout)).toContain('[choices: "torch", "safetensors"]');
    expect(flat(r.stdout)).toContain('--no-fast');
    const plan = flat((await run(['plan', '--help'])).stdout);
    expect(plan).toContain('Examples:');
    expect(plan).toContain('sdmatch plan ckpt.pt model.json -o plan.json');
    expect(plan).toContain('--min-confidence');
  });

  it('help names files as they are and each command\'s own exit codes (review 22 F11)', async () => {
    expect(flat((await run(['plan', 'check', '--help'])).stdout)).toContain('(schemas/plan-check.schema.json)');
    expect(flat((await run(['plan', 'invert', '--help'])).stdout)).toContain('(schemas/plan-invert.schema.json)');
    expect((await run(['plan', 'check', '--help'])).stdout).toMatch(/^sdmatch plan check <plan> <expected>/);
    const explain = flat((await run(['explain', '--help'])).stdout);
    expect(explain).toContain('Exit codes: 0 the fix found makes the checkpoint load');
    expect(explain).not.toContain('--emit');
  });

  it('prints a bash completion script, and completes commands and options', async () => {
    const script = await run(['completion']);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('--get-yargs-completions');
    const commands = await run(['--get-yargs-completions', 'sdmatch', 'ch']);
    expect(commands.stdout.split('\n')).toContain('check');
    const options = await run(['--get-yargs-completions', 'sdmatch', 'inspect', '--f']);
    expect(options.stdout.split('\n')).toContain('--filter');
  });
});

describe('colour', () => {
  it('FORCE_COLOR decides over the terminal and NO_COLOR; NO_COLOR turns a terminal\'s off', () => {
    expect(colorFor({ isTTY: true }, {})).toEqual({ color: true });
    expect(colorFor({ isTTY: false }, {})).toEqual({ color: false });
    expect(colorFor({ isTTY: true }, { NO_COLOR: '1' })).toEqual({ color: false });
    expect(colorFor({ isTTY: false }, { FORCE_COLOR: '1' })).toEqual({ color: true });
    expect(colorFor({ isTTY: true }, { FORCE_COLOR: '0' })).toEqual({ color: false });
    expect(colorFor({ isTTY: true }, { TERM: 'dumb' })).toEqual({ color: false });
  });
});
