// Types of scripts/ascii-source.mjs for the test that imports it (test/cli/ascii-source.test.ts).
export function asciiSource(src: string): string;
