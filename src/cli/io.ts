import type { Style } from '../report/style.js';

/**
 * What a command may touch of the outside world. Commands return their output instead of printing
 * as they go, so a failure half-way leaves no partial output.
 */
export interface CliIO {
  stdoutStyle: Style;
  stderrStyle: Style;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
  /** for progress only (TTY stderr); everything else goes in the result */
  progress: (line: string) => void;
}

export interface CommandResult {
  stdout: string;
  /**
   * more standard output after `stdout`, made as it is written: for outputs too large to hold as one
   * string (inspect --json of millions of tensors). Made only once the command has read everything, so
   * a bad input still leaves no partial output. A Uint8Array piece may be a view of a buffer the next
   * piece is written into: a consumer is done with each piece (written out, or copied) before it asks
   * for the next (inspect --json: one buffer instead of a fresh megabyte per piece).
   */
  stream?: Iterable<string | Uint8Array>;
  stderr?: string;
  code: number;
  /** stdout is data the user asked for (a manifest, emitted code), which --quiet keeps */
  data?: boolean;
}

/**
 * Colour where a person reads it: a TTY (not TERM=dumb), unless NO_COLOR is set (https://no-color.org).
 * FORCE_COLOR, as Node and most CLI tools read it, decides first: set (and not 0/false) forces colour
 * on, even into a pipe; 0 or false turns it off. --color / --no-color decide over both (main.ts).
 */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return { color: !['0', 'false'].includes(force.toLowerCase()) };
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { color: Boolean(stream.isTTY) && !noColor && env.TERM !== 'dumb' };
}

export function processIO(): CliIO {
  return {
    stdoutStyle: colorFor(process.stdout),
    stderrStyle: colorFor(process.stderr),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    progress: (line) => {
      if (process.stderr.isTTY) process.stderr.write(`\r\u001b[2K${line}`);
    },
  };
}

/** A CliIO for tests and embedding: no colour unless asked, stdin from a string. */
export function memoryIO(opts: { color?: boolean; stdin?: string; env?: NodeJS.ProcessEnv } = {}): CliIO {
  const style = { color: Boolean(opts.color) };
  return {
    stdoutStyle: style,
    stderrStyle: style,
    stderrIsTTY: false,
    env: opts.env ?? {},
    readStdin: async () => opts.stdin ?? '',
    progress: () => {},
  };
}
