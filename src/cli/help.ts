import { GLOBAL_OPTIONS, positionalsOf, type Argv, type OptionSpec } from './args.js';
import type { CommandEntry } from './commands.js';

const WIDTH = 100;

/** `sdmatch --help`: every command with its one-line description. */
export function topHelp(commands: readonly CommandEntry[]): string {
  const rows = commands.map((c): [string, string] => [`sdmatch ${c.command}`, c.describe]);
  return [
    'sdmatch <command> [options]',
    '',
    'Explain and fix PyTorch load_state_dict failures.',
    '',
    'Commands:',
    ...columns(rows),
    '',
    'Options:',
    ...columns([...GLOBAL_OPTIONS.map(([n, o]) => optionRow(n, o)), ['    --version', 'show the version']]),
    '',
    'Run `sdmatch <command> --help` for a command\'s options.',
  ].join('\n');
}

/** `sdmatch diff --help`: usage, positionals, options and examples. */
export function commandHelp(entry: CommandEntry, spec: Argv): string {
  const lines = [`sdmatch ${entry.command}`, '', entry.describe];
  const positionals = positionalsOf(entry.command).map((p): [string, string] => [
    p.name,
    `${spec.positionals.get(p.name)?.describe ?? ''}${p.required ? ' [required]' : ''}`,
  ]);
  if (positionals.length > 0) lines.push('', 'Positionals:', ...columns(positionals));
  lines.push('', 'Options:', ...columns([...spec.options].concat(GLOBAL_OPTIONS).map(([n, o]) => optionRow(n, o))));
  if (spec.examples.length > 0) {
    lines.push('', 'Examples:', ...columns(spec.examples.map(([c, d]): [string, string] => [c.replace('$0', 'sdmatch'), d])));
  }
  return lines.join('\n');
}

function optionRow(name: string, o: OptionSpec): [string, string] {
  const flag = `${o.alias ? `-${o.alias}, ` : '    '}--${name}${o.type === 'boolean' ? '' : ` <${o.type === 'number' ? 'n' : 'value'}>`}`;
  const facts: string[] = [];
  if (o.choices) facts.push(`one of: ${o.choices.join(', ')}`);
  if (o.default !== undefined && o.default !== false) facts.push(`default: ${String(o.default)}`);
  return [flag, `${o.describe ?? ''}${facts.length ? ` [${facts.join('; ')}]` : ''}`];
}

/** Two columns, the second wrapped at the terminal width and indented under itself. */
function columns(rows: [string, string][]): string[] {
  const left = Math.min(36, Math.max(...rows.map(([a]) => a.length)) + 2);
  const out: string[] = [];
  for (const [a, b] of rows) {
    const words = b.split(' ');
    const lines: string[] = [];
    let line = '';
    for (const w of words) {
      if (line && 2 + left + line.length + 1 + w.length > WIDTH) {
        lines.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    lines.push(line);
    const head = `  ${a}`;
    if (head.length + 1 > left + 2) {
      out.push(head);
      for (const l of lines) out.push(`${' '.repeat(left + 2)}${l}`);
    } else {
      out.push(`${head.padEnd(left + 2)}${lines[0]}`);
      for (const l of lines.slice(1)) out.push(`${' '.repeat(left + 2)}${l}`);
    }
  }
  return out;
}
