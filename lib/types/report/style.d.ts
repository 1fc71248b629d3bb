/**
 * Colour only where a person reads it: a TTY, and never when NO_COLOR is set (https://no-color.org).
 * Passed explicitly rather than read globally so tests can render both ways.
 */
export interface Style {
    color: boolean;
}
export declare function styleFor(stream: {
    isTTY?: boolean;
}, env?: NodeJS.ProcessEnv): Style;
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
