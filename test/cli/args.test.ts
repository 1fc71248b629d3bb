import { describe, expect, it } from 'vitest';
import { Argv, parseCommandArgs, positionalsOf } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { runCli } from '../../src/cli/main.js';
import { memoryIO } from '../../src/cli/io.js';

const spec = () =>
  new Argv()
    .positional('source', { describe: 'src' })
    .option('select-expected', { type: 'string' })
    .option('group', { type: 'boolean', default: true })
    .option('min-confidence', { type: 'number' })
    .option('format', { choices: ['text', 'json'], default: 'text' })
    .option('ignore', { type: 'string', coerce: (v: string[]) => v.flatMap((x) => x.split(',')) })
    .option('out', { type: 'string', alias: 'o' });

const parse = (argv: string[]) => parseCommandArgs(argv, 'cmd <source> [expected]', spec());

function usage(argv: string[]): string {
  try {
    parse(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseCommandArgs', () => {
  it('reads positionals by name, options in kebab and camel case, defaults', () => {
    const a = parse(['a.pt', 'b.json', '--select-expected', 'trainer/x', '-o', 'out.json', '--min-confidence=0.5']);
    expect(a).toMatchObject({ source: 'a.pt', expected: 'b.json', selectExpected: 'trainer/x', 'select-expected': 'trainer/x', out: 'out.json', minConfidence: 0.5, group: true, format: 'text' });
  });
  it('turns a boolean off with --no-, keeps `-` as a positional, collects repeated options for coerce', () => {
    const a = parse(['-', '--no-group', '--ignore', 'a$,b$', '--ignore', 'c$']);
    expect(a).toMatchObject({ source: '-', group: false, ignore: ['a$', 'b$', 'c$'] });
    expect(a.expected).toBeUndefined();
  });
  it('takes the last of a repeated plain option', () => {
    expect(parse(['a', '-o', 'x', '-o', 'y']).out).toBe('y');
  });
  it('says what is wrong in one line', () => {
    expect(usage([])).toBe('missing required argument: source');
    expect(usage(['a', 'b', 'c'])).toBe('unexpected argument: c');
    expect(usage(['a', '--frob'])).toBe('unknown option --frob');
    expect(usage(['a', '--format', 'xml'])).toBe('--format is one of text, json, not "xml"');
    expect(usage(['a', '--min-confidence', 'high'])).toBe('--min-confidence takes a number, not "high"');
    expect(usage(['a', '--out'])).toBe('option --out needs a value');
  });
  it('reads positionals from the usage string', () => {
    expect(positionalsOf('plan <source> [expected]')).toEqual([{ name: 'source', required: true }, { name: 'expected', required: false }]);
  });
});

describe('runCli dispatch', () => {
  it('lists every command, prints the version, suggests near misses', async () => {
    const help = await runCli(['--help'], memoryIO());
    for (const c of ['inspect', 'diff', 'manifest', 'plan', 'explain', 'apply', 'check']) expect(help.stdout).toContain(`sdmatch ${c} `);
    expect((await runCli(['--version'], memoryIO())).stdout).toMatch(/^\d+\.\d+\.\d+$/);
    const miss = await runCli(['dif', 'a', 'b'], memoryIO());
    expect(miss).toMatchObject({ code: 2, stdout: '', stderr: 'sdmatch: unknown command "dif"; did you mean diff? (see --help)' });
    expect((await runCli([], memoryIO())).stderr).toBe('sdmatch: name a command (see --help)');
  });
  it("shows a command's own options with --help", async () => {
    const r = await runCli(['apply', '--help'], memoryIO());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sdmatch apply <source> <plan>/);
    expect(r.stdout).toContain('--no-fast');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('[one of: torch, safetensors]');
  });
});
