/**
 * Names the common non-checkpoint files people pass by mistake, so the error says what the file is
 * rather than "unrecognised".
 */
export declare function describeForeign(head: Uint8Array, size: number): string;
