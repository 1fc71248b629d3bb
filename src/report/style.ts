/**
 * Colour only where a person reads it: a TTY, and never when NO_COLOR is set (https://no-color.org).
 * Passed explicitly rather than read globally so tests can render both ways.
 */
export interface Style {
  color: boolean;
}

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { color: Boolean(stream.isTTY) && !noColor && env.TERM !== 'dumb' };
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Tone = keyof typeof CODES;

export function paint(style: Style, tone: Tone, text: string): string {
  return style.color ? `\u001b[${CODES[tone]}m${text}\u001b[0m` : text;
}
