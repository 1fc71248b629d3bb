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
export declare function colorFor(stream: {
    isTTY?: boolean;
}, env?: NodeJS.ProcessEnv): Style;
export declare function processIO(): CliIO;
/** A CliIO for tests and embedding: no colour unless asked, stdin from a string. */
export declare function memoryIO(opts?: {
    color?: boolean;
    stdin?: string;
    env?: NodeJS.ProcessEnv;
}): CliIO;
