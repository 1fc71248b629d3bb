import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Whether BatchNorm fills in a missing `num_batches_tracked` is the state dict's `_metadata`'s to say
 * (src/analysis/module-versions.ts), and plan, diff and apply's verdict read it alike. Judged by real
 * torch 1.13 on two files written here: the model's state dict less its counter, once with `_metadata`
 * kept (BatchNorm version 2: torch refuses it) and once without (torch fills the counter in). The DDP
 * twin with `_metadata` checks that the plan looks up the module under its source name (`module.bn`).
 */

const SAVE = `
import collections, sys, torch, torch.nn as nn
torch.manual_seed(0)
class M(nn.Module):
    def __init__(s):
        super().__init__(); s.conv = nn.Conv2d(3, 4, 3); s.bn = nn.BatchNorm2d(4); s.fc = nn.Linear(4, 5)
sd = M().state_dict()
d = sys.argv[1]
torch.save(sd, d + '/model.pt')
kept = collections.OrderedDict((k, v) for k, v in sd.items() if 'num_batches' not in k)
kept._metadata = sd._metadata
torch.save(kept, d + '/versioned.pt')
torch.save(collections.OrderedDict((k, v) for k, v in sd.items() if 'num_batches' not in k), d + '/unversioned.pt')
ddp = collections.OrderedDict(('module.' + k, v) for k, v in kept.items())
ddp._metadata = collections.OrderedDict((('module.' + m) if m else 'module', v) for m, v in sd._metadata.items())
ddp._metadata[''] = {'version': 1}
torch.save(ddp, d + '/ddp-versioned.pt')
# what torch says: does each load strict=True into the model (DDP's with its prefix stripped, _metadata renamed with it)?
out = {}
for name in ['versioned', 'unversioned']:
    try:
        M().load_state_dict(torch.load(d + '/' + name + '.pt'), strict=True); out[name] = 'loads'
    except RuntimeError as e:
        out[name] = 'missing num_batches_tracked' if 'Missing key(s) in state_dict: "bn.num_batches_tracked"' in str(e) else str(e)
print(out)
`;

describeWithTorch('BatchNorm counters and _metadata: plan and diff say what torch does', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  let torchSays = '';
  beforeAll(() => {
    tmp = tempDir('module-versions');
    torchSays = runPython(SAVE, [tmp.dir]).trim();
  });
  afterAll(() => tmp.cleanup());

  it('torch refuses the versioned file and loads the unversioned one', () => {
    expect(torchSays).toBe("{'versioned': 'missing num_batches_tracked', 'unversioned': 'loads'}");
  });

  it('plan: a counter _metadata records at version 2 stays missing (exit 1, says why); without _metadata it is filled in (exit 0)', async () => {
    for (const source of ['versioned.pt', 'ddp-versioned.pt']) {
      const r = await runCli(['plan', at(source), at('model.pt')]);
      expect(r.code, source).toBe(1);
      expect(r.stdout).toContain('would still fail');
      expect(r.stdout).toContain('`_metadata` records BatchNorm version 2');
      expect(r.stdout).not.toContain('fills the counters in');
    }
    const filled = await runCli(['plan', at('unversioned.pt'), at('model.pt')]);
    expect(filled.code).toBe(0);
    expect(filled.stdout).toContain('so BatchNorm fills it in (a zero) when loading');
  });

  it('plan: the cause is what the keys show (no counter at all, no _metadata), not "saved before PyTorch 0.4.1" (review 10 F5)', async () => {
    const r = await runCli(['plan', at('unversioned.pt'), at('model.pt')]);
    expect(r.stdout).toContain('the checkpoint has no `num_batches_tracked` for 1 BatchNorm layer (`bn.num_batches_tracked`) and no counter at all, and it records no module versions (`_metadata`)');
    expect(r.stdout).toContain("normalisation layers that keep none, such as Detectron2's FrozenBatchNorm2d, or from PyTorch before 0.4.1");
    expect(r.stdout).not.toMatch(/saved checkpoints|was saved before PyTorch 0\.4\.1/);
  });

  it("apply's verified line does not say every key is there when counters are filled in (review 10 F5)", async () => {
    await runCli(['plan', at('unversioned.pt'), at('model.pt'), '-o', at('f5.plan.json')]);
    const r = await runCli(['apply', at('unversioned.pt'), at('f5.plan.json'), '-o', at('f5.out.pt')]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^verified against .*model\.pt: every key it expects is there with its shape but one BatchNorm `num_batches_tracked` counter, which BatchNorm fills in as it loads, and nothing else: load_state_dict\(strict=True\) accepts the output$/);
  });

  it('diff says what torch does: a file lacking only counters BatchNorm fills in loads with strict=True', async () => {
    expect(torchSays).toContain("'unversioned': 'loads'");
    const r = await runCli(['diff', at('unversioned.pt'), at('model.pt')]);
    const [verdict, finding] = r.stdout.split('\n');
    expect(verdict).toBe('different only in 1 BatchNorm `num_batches_tracked` counter the source lacks, which BatchNorm fills in when loading: load_state_dict(strict=True) succeeds');
    expect(r.stdout).not.toContain('would fail');
    expect(finding).not.toContain('older than 0.4.1');
    expect(r.stdout).not.toMatch(/^fix:/m);
    const j = JSON.parse((await runCli(['diff', at('unversioned.pt'), at('model.pt'), '--json'])).stdout) as { missing: string[]; filledCounters: string[] };
    expect(j.missing).toEqual(['bn.num_batches_tracked']);
    expect(j.filledCounters).toEqual(['bn.num_batches_tracked']);
    // with _metadata at version 2 torch refuses it, and diff still says so
    const v = await runCli(['diff', at('versioned.pt'), at('model.pt')]);
    expect(v.stdout.split('\n')[0]).toBe('different: load_state_dict(strict=True) would fail');
  });

  it('apply agrees with the plan: the versioned output does not load, the unversioned one does', async () => {
    for (const [source, code] of [['versioned', 1], ['unversioned', 0]] as const) {
      expect((await runCli(['plan', at(`${source}.pt`), at('model.pt'), '-o', at(`${source}.plan.json`)])).code).toBe(code);
      expect((await runCli(['apply', at(`${source}.pt`), at(`${source}.plan.json`), '-o', at(`${source}.out.pt`)])).code).toBe(code);
    }
  });

  it("diff's cause does not contradict the file's _metadata", async () => {
    const r = await runCli(['diff', at('versioned.pt'), at('model.pt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('older than 0.4.1');
    expect(r.stdout).toContain('`_metadata` records BatchNorm version 2');
  });
});
