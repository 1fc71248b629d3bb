import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

/**
 * review19 F6/F7: DCP's own load errors name flattened FQNs with the top-level dict's key first
 * (`dcp.load({'model': …})` → `model.embed.weight`); with the DCP checkpoint given, they are read against the
 * state dict selected inside it (`model`), not taken for keys "not produced by loading this checkpoint".
 */
const DCP = resolve(__dirname, '../../fixtures/dcp/row-sharded');

it("DCP's size mismatch names model.embed.weight: read as the selected state dict's embed.weight, another size", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcp-error-'));
  try {
    // the reviewer's text (S08: dcp.load into a model whose embedding shrank), sizes of this fixture
    writeFileSync(join(dir, 'err.txt'), "Traceback (most recent call last):\n  File \"/home/u/train.py\", line 91, in <module>\n    dcp.load({\"model\": model.state_dict()}, checkpoint_id=\"ckpt\")\ntorch.distributed.checkpoint.api.CheckpointException: CheckpointException ranks:dict_keys([0, 1])\nTraceback (most recent call last): (RANK 0)\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/default_planner.py\", line 365, in create_default_local_load_plan\n    requests += _create_read_items(fqn, md, obj)\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/planner_helpers.py\", line 270, in _create_read_items\n    raise ValueError(\nValueError: Size mismatch between saved torch.Size([11, 6]) and current: torch.Size([8, 6]) for model.embed.weight\nTraceback (most recent call last): (RANK 1)\nValueError: Size mismatch between saved torch.Size([11, 6]) and current: torch.Size([8, 6]) for model.embed.weight\n");
    const r = await runCli(['explain', DCP, join(dir, 'err.txt')]);
    expect(r.stdout).toMatch(/`embed\.weight` \[11, 6\] vs \[8, 6\]/);
    expect(r.stdout).not.toMatch(/not produced by loading this checkpoint/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
