import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/**
 * Command-line parsing on Node's own `util.parseArgs`. Commands declare their positionals and
 * options with the small builder API below (the subset of yargs' they need); parsing them costs
 * nothing at start-up, where loading yargs cost ~100 ms of `diff`'s one-second budget.
 */
export type OptionType = 'string' | 'boolean' | 'number';

export interface OptionSpec {
  type?: OptionType;
  /** a one-letter short form (`-o`) */
  alias?: string;
  describe?: string;
  default?: unknown;
  choices?: readonly string[];
  /** turns the raw value (a string, or an array of them when repeated) into what the command reads */
  coerce?: (value: never) => unknown;
  demandOption?: boolean;
}

export interface PositionalSpec {
  type?: 'string';
  describe?: string;
  demandOption?: boolean;
  coerce?: (value: never) => unknown;
}

/** What a command's builder declares. `A` is only the type the command reads its arguments as. */
export class Argv<A = unknown> {
  readonly positionals = new Map<string, PositionalSpec>();
  readonly options = new Map<string, OptionSpec>();
  readonly examples: [string, string][] = [];
  /** phantom: keeps `A` in the type */
  declare readonly argsType?: A;

  positional(name: string, spec: PositionalSpec): this {
    this.positionals.set(name, spec);
    return this;
  }

  option(name: string, spec: OptionSpec): this {
    this.options.set(name, spec);
    return this;
  }

  example(command: string, description: string): this {
    this.examples.push([command, description]);
    return this;
  }
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: [string, OptionSpec][] = [
  ['debug', { type: 'boolean', describe: 'print stack traces for errors' }],
  ['help', { type: 'boolean', alias: 'h', describe: 'show help' }],
];

/** `<source> <expected> [more]` → the positionals in order, with whether each is required. */
export function positionalsOf(usage: string): { name: string; required: boolean }[] {
  return [...usage.matchAll(/([<[])([^>\]]+)[>\]]/g)].map((m) => ({ name: m[2]!, required: m[1] === '<' }));
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Parses a command's arguments (the command word removed) into the object its `run` receives: every
 * name in kebab and camel case, positionals by name. Problems are UsageErrors (one line, exit 2).
 */
export function parseCommandArgs(argv: string[], usage: string, spec: Argv): Record<string, unknown> {
  const all = new Map<string, OptionSpec>([...GLOBAL_OPTIONS, ...spec.options]);
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of all) {
    config[name] = { type: o.type === 'boolean' ? 'boolean' : 'string', multiple: o.type !== 'boolean' };
    if (o.alias) config[name]!.short = o.alias;
  }
  // `--no-x` turns off a boolean option (Node 20's parseArgs does not know the form)
  const negated = new Set<string>();
  const args = argv.filter((a) => {
    const m = /^--no-(.+)$/.exec(a);
    if (m && all.get(m[1]!)?.type === 'boolean') {
      negated.add(m[1]!);
      return false;
    }
    return true;
  });
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: config, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(parseProblem(e));
  }

  const out: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    out[name] = value;
    out[camel(name)] = value;
  };
  for (const [name, o] of all) {
    let value: unknown = negated.has(name) ? false : parsed.values[name];
    if (value === undefined) {
      if (o.demandOption) throw new UsageError(`missing required option --${name}`);
      if (o.default !== undefined) set(name, o.default);
      continue;
    }
    if (o.type !== 'boolean') {
      const values = value as string[];
      if (o.type === 'number') {
        const n = Number(values[values.length - 1]);
        if (values[values.length - 1]!.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} takes a number, not ${JSON.stringify(values[values.length - 1])}`);
        value = n;
      } else {
        value = o.coerce ? values : values[values.length - 1];
      }
      if (o.choices && !o.choices.includes(value as string)) {
        throw new UsageError(`--${name} is one of ${o.choices.join(', ')}, not ${JSON.stringify(value)}`);
      }
    }
    set(name, o.coerce ? o.coerce(value as never) : value);
  }

  const declared = positionalsOf(usage);
  const given = parsed.positionals;
  if (given.length > declared.length) {
    throw new UsageError(`unexpected argument${given.length - declared.length === 1 ? '' : 's'}: ${given.slice(declared.length).join(' ')}`);
  }
  declared.forEach((p, i) => {
    const raw = given[i];
    if (raw === undefined) {
      if (p.required) throw new UsageError(`missing required argument: ${p.name}`);
      return;
    }
    const coerce = spec.positionals.get(p.name)?.coerce;
    set(p.name, coerce ? coerce(raw as never) : raw);
  });
  return out;
}

/** parseArgs' messages, in the CLI's words. */
function parseProblem(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const option = /'(-{1,2}[^',]+)'/.exec(message)?.[1];
  const long = /--[A-Za-z0-9-]+/.exec(message)?.[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && long) return `option ${long} needs a value`;
  return message.split('\n')[0]!;
}
