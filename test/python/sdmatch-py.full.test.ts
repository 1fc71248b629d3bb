import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Issue 18: python/sdmatch.py, the entry point for PyTorch users. Real torch builds the fixtures' models,
 * raises the real load_state_dict errors and loads what fix() wrote; the CLI it drives is the clone's bundle
 * (bin/sdmatch.js, found beside python/ as in an installed package).
 */

const PRELUDE = `
import sys, json, torch
sys.path.insert(0, sys.argv[1] + '/python')
sys.path.insert(0, sys.argv[1])
import sdmatch
from fixtures import models
def fx(rel): return sys.argv[1] + '/fixtures/' + rel
`;

const py = (body: string, ...args: string[]) => JSON.parse(runPython(`${PRELUDE}\n${body}`, [repoRoot, ...args]).trim().split('\n').pop()!) as Record<string, unknown>;

describeWithTorch('python/sdmatch.py with real torch', () => {
  const tmp = tempDir('sdmatch-py');
  afterAll(() => tmp.cleanup());

  it('fix(): plans, applies and loads a DDP checkpoint strict=True; every tensor is the source\'s', () => {
    const r = py(`
model = models.build_cnn(num_classes=10)
keys = sdmatch.fix(model, fx('training/ddp.pt'))
src = torch.load(fx('training/ddp.pt'), map_location='cpu', weights_only=True)
equal = all(torch.equal(v, src['module.' + k]) for k, v in model.state_dict().items())
print(json.dumps({'missing': keys.missing_keys, 'unexpected': keys.unexpected_keys, 'equal': equal, 'n': len(model.state_dict())}))
`);
    expect(r).toEqual({ missing: [], unexpected: [], equal: true, n: 16 });
  });

  it('fix() writes out_path when given, a file torch loads strict=True', () => {
    const out = join(tmp.dir, 'fixed.pt');
    const r = py(`
model = models.build_cnn(num_classes=10)
sdmatch.fix(model, fx('training/ddp.pt'), sys.argv[2])
fresh = models.build_cnn(num_classes=10)
fresh.load_state_dict(torch.load(sys.argv[2], map_location='cpu', weights_only=True), strict=True)
print(json.dumps({'same': all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), fresh.state_dict().values()))}))
`, out);
    expect(r).toEqual({ same: true });
    expect(existsSync(out)).toBe(true);
  });

  it('fix() refuses a checkpoint no plan makes fit, naming the keys, and leaves the model untouched', () => {
    const r = py(`
model = models.build_cnn(num_classes=5)
before = {k: v.clone() for k, v in model.state_dict().items()}
try:
    sdmatch.fix(model, fx('remap/classifier-10.pt'))
    message = None
except sdmatch.SdmatchError as e:
    message = str(e)
untouched = all(torch.equal(before[k], v) for k, v in model.state_dict().items())
print(json.dumps({'message': message, 'untouched': untouched}))
`);
    expect(r.untouched).toBe(true);
    expect(r.message).toMatch(/^sdmatch: /);
    expect(r.message).toContain('classifier.weight');
    expect(String(r.message).split('\n')).toHaveLength(1);
  });

  // Review 26 F10: a model tying lm_head to the embeddings, a checkpoint holding the two as different trained
  // tensors. The CLI says the embedding's trained values are lost (apply exit 1); fix() used to load the output and
  // return <All keys matched successfully>, the trained embedding gone.
  const TIED = `
import warnings
class LM(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.embed = torch.nn.Embedding(50, 16); s.block = torch.nn.Linear(16, 16)
        s.lm_head = torch.nn.Linear(16, 50, bias=False); s.lm_head.weight = s.embed.weight
torch.manual_seed(0)
E, H = torch.randn(50, 16), torch.randn(50, 16)
torch.save({'embed.weight': E, 'block.weight': torch.randn(16, 16), 'block.bias': torch.randn(16), 'lm_head.weight': H}, sys.argv[2])
model = LM()
before = {k: v.clone() for k, v in model.state_dict().items()}
`;

  it('fix() refuses an output apply could not verify (a tie that overwrites a trained tensor): SdmatchError, model untouched (review 26 F10)', () => {
    const r = py(`${TIED}
try:
    sdmatch.fix(model, sys.argv[2])
    message = None
except sdmatch.SdmatchError as e:
    message = str(e)
untouched = all(torch.equal(before[k], v) for k, v in model.state_dict().items())
print(json.dumps({'message': message, 'untouched': untouched}))
`, join(tmp.dir, 'untied.pt'));
    expect(r.untouched).toBe(true);
    expect(r.message).toMatch(/^sdmatch: apply did not verify the fixed checkpoint for LM, so it was not loaded \(.*trained values are lost.*allow_unverified=True/);
    expect(r.message).not.toContain('/tmp/');
    expect(String(r.message).split('\n')).toHaveLength(1);
  });

  it('fix(allow_unverified=True) loads that output and issues apply\'s verdict as a warning', () => {
    const r = py(`${TIED}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    keys = sdmatch.fix(model, sys.argv[2], allow_unverified=True)
said = [str(w.message) for w in caught]
print(json.dumps({'missing': keys.missing_keys, 'said': said, 'embedIsHead': torch.equal(model.embed.weight, H)}))
`, join(tmp.dir, 'untied2.pt'));
    expect(r.missing).toEqual([]);
    expect(r.embedIsHead).toBe(true); // what torch does with the tie: the head's tensor wins, as the warning says
    expect((r.said as string[]).some((w) => /^sdmatch: exit 1: .*trained values are lost/.test(w))).toBe(true);
  });

  it('fix() of a plain DDP checkpoint warns of nothing', () => {
    const r = py(`
import warnings
model = models.build_cnn(num_classes=10)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    sdmatch.fix(model, fx('training/ddp.pt'))
print(json.dumps({'said': [str(w.message) for w in caught if 'sdmatch' in str(w.message)]}))
`);
    expect(r.said).toEqual([]);
  });

  it('fix() with SDMATCH naming no CLI (node exits 1, nothing written): SdmatchError with node\'s line, not FileNotFoundError (review 25 F13i)', () => {
    const r = py(`
import os
os.environ['SDMATCH'] = sys.argv[2]
model = models.build_cnn(num_classes=10)
try:
    sdmatch.fix(model, fx('training/ddp.pt'))
    message = None
except sdmatch.SdmatchError as e:
    message = str(e)
except Exception as e:
    message = type(e).__name__ + ': ' + str(e)
print(json.dumps({'message': message}))
`, join(tmp.dir, 'no-such-cli.js'));
    expect(String(r.message)).toMatch(/^sdmatch: \S*node \S+no-such-cli\.js exited 1 without writing \S+plan\.json: Error: Cannot find module/);
  });

  it('explain() reads the RuntimeError load_state_dict raised, alone or with the checkpoint', () => {
    const r = py(`
model = models.build_cnn(num_classes=10)
try:
    model.load_state_dict(torch.load(fx('training/ddp.pt'), map_location='cpu', weights_only=True))
except RuntimeError as err:
    alone = sdmatch.explain(err)
    both = sdmatch.explain(err, fx('training/ddp.pt'))
print(json.dumps({'fixable': [alone.fixable, both.fixable], 'summary': alone.summary, 'text': str(both)}))
`);
    expect(r.fixable).toEqual([true, true]);
    expect(r.summary).toContain('module.');
    expect(r.text).toContain("(k[7:] if k.startswith('module.') else k)");
  });

  it('explain() reports an input the CLI refuses as SdmatchError with its one line', () => {
    const r = py(`
try:
    sdmatch.explain('nothing to see here')
    message = None
except sdmatch.SdmatchError as e:
    message = str(e)
print(json.dumps({'message': message}))
`);
    expect(r.message).toMatch(/^sdmatch: .*error\.txt/);
  });

  // the fixture was recorded before manifests carried module classes (review 18 F6, session 19): what it recorded is
  // unchanged, and the classes come beside it, one per module that holds a tensor
  it("manifest() of a model is the manifest the fixture recorded for it, plus each module's class", () => {
    const r = py(`
expected = json.load(open(fx('pairs/ddp-vs-plain.manifest.json')))
m = sdmatch.manifest(models.build_cnn(num_classes=10))
classes = m.pop('modules', None)
print(json.dumps({'same': m == expected, 'classes': sorted(set(classes.values())) if classes else None}))
`);
    expect(r.same).toBe(true);
    expect(r.classes).toEqual(expect.arrayContaining(['Conv2d', 'Linear']));
  });
});
