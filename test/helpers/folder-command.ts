import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './corpus.js';

/** A DeepSpeed folder whose diff against its reference prints the one-file plan + apply line (report/diff-diagnosis.ts). */
const FOLDER = 'deepspeed/zero2-fp16-dp2';

/** The fixture folder copied under a name with a space and a quote, and its reference model. */
export function quotedFolder(): { dir: string; ref: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'sdmatch-folder-cmd-')), `it's a "run"`);
  cpSync(join(repoRoot, 'fixtures', FOLDER), dir, { recursive: true });
  return { dir, ref: join(repoRoot, 'fixtures', `${FOLDER}.reference.pt`) };
}

/** The command line of the finding: between the backticks after "gives it; ". */
export function oneFileLine(text: string): string | undefined {
  return /gives it; `([^`]+)` writes it as one file to load/.exec(text)?.[1];
}
