import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runPython, tempDir } from './torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * The setup the real-torch CLI tests share (closing 18's duplicates note): a temp folder that a Python script
 * fills once for the describe block (the script's argv[1] is the folder: it builds the models and saves their
 * checkpoints), removed after it. Call inside describeWithTorch; `dir` is set once beforeAll has run.
 */
export interface TorchFolder {
  readonly dir: string;
  /** a file's path in the folder */
  at(file: string): string;
}

export function torchFolder(prefix: string, makePy: string): TorchFolder {
  let dir = '';
  let cleanup = () => {};
  beforeAll(() => {
    ({ dir, cleanup } = tempDir(prefix));
    runPython(makePy, [dir]);
  }, 120_000);
  afterAll(() => cleanup());
  return {
    get dir() {
      return dir;
    },
    at: (file) => join(dir, file),
  };
}

/** `sdmatch manifest SOURCE -o OUT -q` on two files of the folder, which must succeed; OUT's path. */
export async function manifestIn(folder: TorchFolder, source: string, out: string): Promise<string> {
  const path = folder.at(out);
  expect((await runCli(['manifest', folder.at(source), '-o', path, '-q'])).code).toBe(0);
  return path;
}

/**
 * The start of a folder's Python script (its argv[1] is the folder): writes `models` as the module `name`, imports
 * it, and writes the manifest of each `ctor` as python/sdmatch_manifest.py module records it (classes and ties).
 */
export function moduleFolderPy(name: string, models: string, manifests: readonly (readonly [ctor: string, out: string])[]): string {
  const script = JSON.stringify(join(__dirname, '../../python/sdmatch_manifest.py'));
  return `
import os, subprocess, sys
d = sys.argv[1]
open(os.path.join(d, '${name}.py'), 'w').write(${JSON.stringify(models)})
sys.path.insert(0, d)
from ${name} import *
for ctor, out in ${JSON.stringify(manifests)}:
    subprocess.run([sys.executable, ${script}, 'module', '${name}:' + ctor, '-o', os.path.join(d, out)], cwd=d, check=True, capture_output=True)
`;
}
