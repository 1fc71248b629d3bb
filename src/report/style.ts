/**
 * Whether a report is painted. Decided once per stream by the CLI (cli/io.ts colorFor: the terminal,
 * NO_COLOR, FORCE_COLOR, then --color/--no-color) and passed explicitly, so tests can render both ways.
 */
export interface Style {
  color: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Tone = keyof typeof CODES;

export function paint(style: Style, tone: Tone, text: string): string {
  return style.color ? `\u001b[${CODES[tone]}m${text}\u001b[0m` : text;
}
