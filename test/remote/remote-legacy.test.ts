import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clearRemote } from '../../src/checkpoint/sources.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { prefetchRemote } from '../../src/remote/prefetch.js';
import { startHub, type HubServer } from '../../bench/gen/hub-server.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * A legacy torch.save stream (pre-1.6 format) written by real PyTorch: its pickles are read until STOP
 * and each storage's 8-byte count by range (a round per storage: each record's offset follows from the
 * one before), the tensor data never; the result equals the local read.
 */
const TENSORS = 48;
let hub: HubServer | undefined;
let file = '';
const tmp = tempDir('sdmatch-remote-legacy-');

beforeAll(async () => {
  if (!torchPython) return;
  file = join(tmp.dir, 'legacy.pt');
  runPython(
    `import sys, torch, collections
sd = collections.OrderedDict((f"layers.{i}.weight", torch.full((512, 512), float(i))) for i in range(${TENSORS}))
torch.save(sd, sys.argv[1], _use_new_zipfile_serialization=False)`,
    [file],
  );
  hub = await startHub({ 'org/legacy': { files: { 'pytorch_model.bin': file } } });
});

afterAll(async () => {
  await hub?.close();
  tmp.cleanup();
});

describeWithTorch('remote legacy torch.save', () => {
  it('reads the pickles and storage counts only: under 1 % of the file, same result as from disk', async () => {
    const env = { HF_ENDPOINT: hub!.endpoint, SDMATCH_NO_CACHE: '1', HF_HOME: join(tmp.dir, 'none') };
    clearRemote();
    const before = hub!.sent.bytes;
    const r = await runCli(['inspect', '--json', 'hf://org/legacy'], memoryIO({ env }));
    const sent = hub!.sent.bytes - before;
    clearRemote();
    const l = await runCli(['inspect', '--json', file], memoryIO({ env }));
    expect(r.code).toBe(0);
    expect(r.stdout.split('hf://org/legacy').join('<f>')).toBe(l.stdout.split(file).join('<f>'));
    expect(sent).toBeLessThan(statSync(file).size / 100);
    clearRemote();
    const report = await prefetchRemote('hf://org/legacy', env);
    expect(report.rounds).toBeGreaterThanOrEqual(TENSORS);
    expect(report.rounds).toBeLessThan(TENSORS + 8);
  });
});
