import { writeFileSync } from 'node:fs';
import { writeManifest } from '../../src/formats/manifest.js';
import type { BenchFiles } from './files.js';
import { asSyntheticTensors, BIG, BIG_TWIN, hundredKSides, mlpStack } from './layouts.js';
import { writeSyntheticTorchZip } from './torch-zip.js';

/**
 * The named inputs suites share within one run: each is generated the first time a suite asks for it.
 */

/** ≥ 2 GB torch zip: 24 float32 tensors of 96 MiB under `module.` */
export function bigCheckpoint(files: BenchFiles): string {
  return files.once('big.pt', (path) => writeSyntheticTorchZip(path, mlpStack(BIG)));
}

/** BIG's keys and ranks with 6 × 4 tensors */
export function bigTwinCheckpoint(files: BenchFiles): string {
  return files.once('big-twin.pt', (path) => writeSyntheticTorchZip(path, mlpStack(BIG_TWIN)));
}

/** ~100k tiny bfloat16 tensors: the checkpoint side of hundredKSides() */
export function hundredKCheckpoint(files: BenchFiles): string {
  return files.once('ckpt-100k.pt', (path) => writeSyntheticTorchZip(path, asSyntheticTensors(hundredKSides().checkpoint)));
}

function manifestFile(files: BenchFiles, name: string, pick: (s: ReturnType<typeof hundredKSides>) => Parameters<typeof writeManifest>[0]): string {
  return files.once(name, (path) => {
    const text = writeManifest(pick(hundredKSides()));
    writeFileSync(path, text);
    return { bytes: Buffer.byteLength(text) };
  });
}

/** What the model expects: the 100k-key manifest */
export function hundredKExpectedManifest(files: BenchFiles): string {
  return manifestFile(files, 'expected-100k.json', (s) => s.expected);
}

/** The checkpoint side's keys as a manifest (for manifest-vs-manifest) */
export function hundredKCheckpointManifest(files: BenchFiles): string {
  return manifestFile(files, 'ckpt-100k.json', (s) => s.checkpoint);
}
