/**
 * Whether a report is painted. Decided once per stream by the CLI (cli/io.ts colorFor: the terminal,
 * NO_COLOR, FORCE_COLOR, then --color/--no-color) and passed explicitly, so tests can render both ways.
 */
export interface Style {
    color: boolean;
}
declare const CODES: {
    readonly red: 31;
    readonly green: 32;
    readonly yellow: 33;
    readonly blue: 34;
    readonly magenta: 35;
    readonly cyan: 36;
    readonly gray: 90;
    readonly bold: 1;
    readonly dim: 2;
};
export type Tone = keyof typeof CODES;
export declare function paint(style: Style, tone: Tone, text: string): string;
export {};
