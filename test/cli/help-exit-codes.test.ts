import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandName } from '../../src/cli/commands.js';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

/**
 * Every command's --help ends with its exit codes (review 16: plan check, plan edit and plan invert had
 * none), and the codes it lists are the README's table: 0, 2 and 3 for every command, and 1 exactly for the
 * commands the table's row 1 names.
 */

/** The codes a help's `Exit codes:` section lists: each number that opens a clause. */
function listedCodes(help: string): number[] {
  const flat = help.replace(/\s+/g, ' ');
  const at = flat.indexOf('Exit codes:');
  if (at < 0) return [];
  const section = flat.slice(at, flat.indexOf('A checkpoint may be', at) >= 0 ? flat.indexOf('A checkpoint may be', at) : undefined);
  return [...new Set([...section.matchAll(/(?:Exit codes:(?: [^:;,]*:)?|[,;]) (\d) /g)].map((m) => Number(m[1])))].sort();
}

/** The commands README's exit-code table names in the row of `code`: `inspect`, `plan`/`explain`, `plan check`, … */
function namedInRow(code: number): Set<string> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Exit codes'));
  const row = table.split('\n').find((l) => l.startsWith(`| ${code} |`))!;
  // a command named before a colon, alone or joined by a slash (`plan`/`explain`:)
  return new Set([...row.matchAll(/((?:`[a-z ]+`\/)*`[a-z ]+`):/g)].flatMap((m) => m[1]!.split('/').map((n) => n.replace(/`/g, ''))));
}

describe('every command says its exit codes in --help, as the README table says them', () => {
  const rowOne = namedInRow(1);
  for (const entry of COMMANDS) {
    const name = commandName(entry).replace('-', ' ');
    it(name, async () => {
      const r = await runCli([...name.split(' '), '--help']);
      expect(r.code).toBe(0);
      const codes = listedCodes(r.stdout);
      expect(codes, r.stdout.slice(-600)).toEqual(rowOne.has(name) ? [0, 1, 2, 3] : [0, 2, 3]);
    });
  }

  it('the README row 1 names only commands there are', () => {
    const names = new Set(COMMANDS.map((e) => commandName(e).replace('-', ' ')));
    expect([...rowOne].filter((n) => !names.has(n))).toEqual([]);
    expect(rowOne.size).toBeGreaterThan(4);
  });
});
