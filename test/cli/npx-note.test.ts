import { describe, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { npxNote } from '../../src/cli/npx-note.js';

/**
 * Run through npx, sdmatch is not on PATH, so the `sdmatch …` lines a report prints fail as typed (review 22
 * F14): it says so once, on stderr, and the lines stay the same (src/cli/npx-note.ts).
 */
const NPX = { npm_command: 'exec', npm_lifecycle_script: "'sdmatch'" };
// the error text of a checkpoint whose weights sit under a field: explain's advice names `sdmatch inspect CHECKPOINT`
const FIELDS = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv.weight", "conv.bias", "fc.weight", "fc.bias". \n\tUnexpected key(s) in state_dict: "epoch", "state_dict", "optimizer". ';

describe('run through npx: the printed commands need npx in front', () => {
  it('explain says once, on stderr, to type them as `npx sdmatch …`; stdout is what any other run prints', async () => {
    const plain = await runCli(['explain', '-'], { stdin: FIELDS });
    expect(plain.stdout).toMatch(/`sdmatch (inspect|explain) /);
    expect(plain.stderr).toBe('');
    const viaNpx = await runCli(['explain', '-'], { stdin: FIELDS, env: NPX });
    expect(viaNpx.stdout).toBe(plain.stdout);
    expect(viaNpx.code).toBe(plain.code);
    expect(viaNpx.stderr.trim().split('\n')).toEqual(['sdmatch: npx ran sdmatch, which is not on your PATH: type the `sdmatch …` commands above as `npx sdmatch …`']);
  });

  it('nothing to say where the output prints no command, or when npx ran another program (`npx vitest`), or npm ran a script', async () => {
    const version = await runCli(['--version'], { env: NPX });
    expect(version.stderr).toBe('');
    expect(npxNote(NPX, 'sdmatch: no differences')).toBeNull();
    expect(npxNote(NPX, 'see schemas/sdmatch plan.json')).toBeNull();
    expect(npxNote({ npm_command: 'exec', npm_lifecycle_script: "'vitest'" }, 'sdmatch plan a b')).toBeNull();
    expect(npxNote({ npm_command: 'run-script', npm_lifecycle_script: 'sdmatch plan a b' }, 'sdmatch plan a b')).toBeNull();
    expect(npxNote({}, 'sdmatch plan a b')).toBeNull();
    expect(npxNote(NPX, 'fix: sdmatch plan-edit plan.json --drop x')).not.toBeNull();
    expect(npxNote({ npm_command: 'exec', npm_lifecycle_script: 'sdmatch' }, '`sdmatch apply a plan.json -o b`')).not.toBeNull();
  });
});
