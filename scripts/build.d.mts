// Types of scripts/build.mjs for the tests that import it (test/cli/lib-fresh.test.ts).
import type { BuildOptions } from 'esbuild';

export const ROOT: string;
export const BUNDLES: Record<'lib/cli.cjs' | 'lib/inspect.cjs' | 'lib/apply.cjs' | 'lib/index.mjs', BuildOptions>;
export type BundleName = keyof typeof BUNDLES;
export function bundleOptions(name: BundleName): BuildOptions;
export function buildBundle(name: BundleName): Promise<Uint8Array>;
export function declarationFiles(dir: string, under?: string): string[];
export function buildDeclarations(outDir: string): void;
export function commandNamesJson<C>(commands: readonly C[], commandName: (entry: C) => string): string;
