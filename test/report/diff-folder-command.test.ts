import { describe, expect, it } from 'vitest';
import { oneFileLine, quotedFolder } from '../helpers/folder-command.js';
import { runCli } from '../cli/capture-main.js';

/**
 * A DeepSpeed folder's `nested` finding names the commands that write its state dict as one file. They were built
 * in the analysis layer, which cannot reach report/command-line.ts: a folder path with a space or a quote was printed
 * bare (the shell splits it), and the state dict compared (`model`) was not named with --select. The report now
 * makes the line (report/diff-diagnosis.ts): quoted, with --select, the same in the text and the JSON.
 */
const q = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;

describe("diff on a DeepSpeed folder: the finding's plan + apply line, made by the report", () => {
  it('quotes a path with a space and a quote, and names the state dict compared with --select', async () => {
    const { dir, ref } = quotedFolder();
    const r = await runCli(['diff', dir, ref, '--no-color']);
    expect(r.code, r.stderr).toBeLessThan(2);
    const cmd = oneFileLine(r.stdout);
    expect(cmd, r.stdout).toBe(`sdmatch plan ${q(dir)} ${ref} --select model -o plan.json || [ $? -eq 1 ] && sdmatch apply ${q(dir)} plan.json -o merged.safetensors`);
    const j = await runCli(['diff', dir, ref, '--json']);
    const nested = (JSON.parse(j.stdout) as { diagnosis: { code: string; message: string }[] }).diagnosis.find((d) => d.code === 'nested');
    expect(oneFileLine(nested!.message)).toBe(cmd);
  });

  it("carries diff's own --select-expected into the plan it prints", async () => {
    const { dir, ref } = quotedFolder();
    const r = await runCli(['diff', dir, ref, '--select-expected', '(root)', '--no-color']);
    expect(oneFileLine(r.stdout), r.stdout).toContain(`--select model --select-expected '(root)' -o plan.json`);
  });
});
