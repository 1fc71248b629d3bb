import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { castVerdict } from '../../src/analysis/check-casts.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { isDType } from '../../src/formats/dtype.js';
import type { CheckJson } from '../../src/report/check-json.js';
import { loadSchema, validateJson as validate } from '../helpers/json-schema.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * The gate against torch itself: for each change, torch 1.13 saves the old state dict and the new
 * model's, and tries the strict load (load_state_dict(old, strict=True)) the gate's verdict speaks
 * of. `check` may say "old checkpoints load as they are" (JSON `loads: "as-is"`, the verdict's
 * words) only when that load succeeds and keeps every value; whatever the policy allows or ignores,
 * the exit code stays the policy's. Dtype casts are checked pair by pair against the cast table.
 */

/** The tied-head pair both scripts build: the current model's lm_head shares the embedding's tensor. */
const TIED_MODELS = `
class Old(nn.Module):
    def __init__(s):
        super().__init__(); s.embed = nn.Embedding(10, 4); s.body = nn.Linear(4, 4, bias=False)
class Tied(Old):
    def __init__(s):
        super().__init__(); s.lm_head = nn.Linear(4, 10, bias=False); s.lm_head.weight = s.embed.weight
`;

const MAKE = `
import json, sys, collections, torch, torch.nn as nn
d = sys.argv[1]
torch.manual_seed(0)
facts = {}

def strict(model, sd):
    try:
        model.load_state_dict(sd, strict=True)
        return 'ok'
    except RuntimeError as e:
        return str(e).replace('\\n', ' ')

# a tied head: the current model's lm_head shares the embedding's tensor; old checkpoints lack it
${TIED_MODELS}torch.save(Old().state_dict(), f'{d}/tie-old.pt'); torch.save(Tied().state_dict(), f'{d}/tie-new.pt')
facts['tie'] = strict(Tied(), torch.load(f'{d}/tie-old.pt'))

# a layer added; a head resized
def net(extra=False, classes=10):
    m = nn.Sequential(collections.OrderedDict([('conv', nn.Conv2d(3, 4, 3)), ('fc', nn.Linear(4, classes))]))
    if extra: m.add_module('extra', nn.Linear(4, 4))
    return m
torch.save(net().state_dict(), f'{d}/base.pt'); torch.save(net(extra=True).state_dict(), f'{d}/added.pt'); torch.save(net(classes=5).state_dict(), f'{d}/head.pt')
facts['added'] = strict(net(extra=True), torch.load(f'{d}/base.pt'))
facts['head'] = strict(net(classes=5), torch.load(f'{d}/base.pt'))

# BatchNorm counters the old state dict lacks: without _metadata torch fills them in; with version 2 it does not
bn = lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4))
torch.save(bn().state_dict(), f'{d}/bn-new.pt')
old = bn().state_dict()
del old['1.num_batches_tracked']
meta = old._metadata
torch.save(old, f'{d}/bn-old-v2.pt')
del old._metadata
torch.save(old, f'{d}/bn-old-nometa.pt')
facts['bn-nometa'] = strict(bn(), torch.load(f'{d}/bn-old-nometa.pt'))
facts['bn-v2'] = strict(bn(), torch.load(f'{d}/bn-old-v2.pt'))

# every pair of these dtypes: one buffer per pair, old values of the old dtype, the new model's of the new
DT = ['float64', 'float32', 'float16', 'bfloat16', 'complex128', 'complex64', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool']
def values(name):
    t = getattr(torch, name)
    if name == 'bool': return torch.tensor([True, False, True, False, True, True], dtype=t)
    # the last floating value is half the type's largest: a cast to a narrower exponent range overflows it (review 17 F6)
    if t.is_complex: return torch.tensor([0.3 + 0.5j, -1.7 - 2j, 2.5 + 0.25j, 1000.25 - 3j, -0.001 + 7j, torch.finfo(torch.float64 if t == torch.complex128 else torch.float32).max / 2], dtype=t)
    if t.is_floating_point: return torch.tensor([0.3, -1.7, 2.5, 1000.25, -0.001, torch.finfo(t).max / 2], dtype=torch.float64).to(t)
    i = torch.iinfo(t)
    return torch.tensor([i.min, i.max, 0, 1, i.max // 3 * 2 + 1, 2], dtype=t)
def eps(t):
    if t.is_complex: return torch.finfo(torch.float64 if t == torch.complex128 else torch.float32).eps
    return torch.finfo(t).eps if t.is_floating_point else 0.0
class Buffers(nn.Module):
    def __init__(s, dtypes):
        super().__init__()
        for k, t in dtypes.items(): s.register_buffer(k, torch.zeros(6, dtype=getattr(torch, t)))
pairs = [(a, b) for a in DT for b in DT if a != b]
old_sd = {f'p{i}': values(a) for i, (a, b) in enumerate(pairs)}
torch.save(old_sd, f'{d}/dt-old.pt')
new = Buffers({f'p{i}': b for i, (a, b) in enumerate(pairs)})
torch.save(new.state_dict(), f'{d}/dt-new.pt')
new.load_state_dict(torch.load(f'{d}/dt-old.pt'), strict=True)
kept = {}
for i, (a, b) in enumerate(pairs):
    o, l = old_sd[f'p{i}'], getattr(new, f'p{i}')
    ta, tb = getattr(torch, a), getattr(torch, b)
    ol, ll = o.tolist(), (l.tolist())
    if ta.is_floating_point or ta.is_complex:
        # floating values keep to the new type's precision; an integer or bool type must hold them exactly
        e = eps(tb)
        kept[f'{a}>{b}'] = all(abs(complex(y) - complex(x)) <= e * abs(complex(x)) for x, y in zip(ol, ll))
    else:
        # integers are exact values: Python compares int with float or complex exactly
        kept[f'{a}>{b}'] = all(x == y for x, y in zip(ol, ll))
facts['dtype-strict'] = 'ok'
facts['kept'] = kept
print(json.dumps(facts))
`;

/** Applies the plan's output to the new model class, strictly, and checks lm_head is the embedding. */
const LOAD_TIED = `
import json, sys, torch, torch.nn as nn
${TIED_MODELS}old, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = Tied(); m.load_state_dict(out, strict=True)
print(json.dumps({'loaded': True, 'same': torch.equal(m.lm_head.weight, old['embed.weight']) and torch.equal(m.body.weight, old['body.weight'])}))
`;

const schema = loadSchema('check.schema.json');

describeWithTorch('check agrees with torch\'s strict load (torch 1.13)', () => {
  let dir = '';
  let cleanup = () => {};
  let facts: Record<string, string> & { kept?: Record<string, boolean> } = {};
  const f = (name: string) => join(dir, name);

  beforeAll(() => {
    ({ dir, cleanup } = tempDir('check-loads'));
    facts = JSON.parse(runPython(MAKE, [dir])) as typeof facts;
  });
  afterAll(() => cleanup());

  async function check(base: string, cur: string, flags: string[] = []): Promise<{ code: number; json: CheckJson; text: string }> {
    const j = await runCli(['check', f(base), f(cur), '--format', 'json', ...flags], memoryIO());
    const t = await runCli(['check', f(base), f(cur), ...flags], memoryIO());
    expect(j.stderr).toBe('');
    expect(t.code).toBe(j.code);
    const json = JSON.parse(j.stdout) as CheckJson;
    expect(validate(schema, json)).toEqual([]);
    return { code: j.code, json, text: t.stdout };
  }

  /** The gate's words agree with torch: "load as they are" exactly when the strict load works (and keeps values). */
  function agrees(r: { json: CheckJson; text: string }, torchLoads: boolean): void {
    expect(r.json.loads === 'as-is').toBe(torchLoads);
    expect(r.text.split('\n')[0]!.includes('old checkpoints load as they are')).toBe(torchLoads);
  }

  it('a tied head (lm_head = embed): torch refuses the old state dict; check says migratable (copy), never "load as they are"; the plan makes it load', async () => {
    expect(facts.tie).toMatch(/Missing key\(s\) in state_dict: "lm_head\.weight"/);
    const plan = f('tie-plan.json');
    const r = await check('tie-old.pt', 'tie-new.pt', ['--plan-out', plan]);
    agrees(r, false);
    expect([r.code, r.json.verdict, r.json.loads]).toEqual([0, 'migratable', 'after-plan']);
    expect(r.json.renamed).toEqual([{ from: ['embed.weight'], to: ['lm_head.weight'], how: 'copy', reshaped: false, confidence: expect.any(Number) as number, severity: 'migratable' }]);
    expect((await check('tie-old.pt', 'tie-new.pt', ['--fail-on', 'any'])).code).toBe(1);
    const applied = await runCli(['apply', f('tie-old.pt'), plan, '-o', f('tie-out.pt')], memoryIO());
    expect(applied.code).toBe(0);
    expect(JSON.parse(runPython(LOAD_TIED, [f('tie-old.pt'), f('tie-out.pt')]))).toEqual({ loaded: true, same: true });
  });

  it('--allow added and --ignore: torch refuses; the exit code is the policy\'s, the verdict says old checkpoints do NOT load as they are', async () => {
    expect(facts.added).toMatch(/Missing key\(s\) in state_dict: "extra\.weight", "extra\.bias"/);
    expect(facts.head).toMatch(/size mismatch for fc\.weight/);
    const added = await check('base.pt', 'added.pt', ['--allow', 'added']);
    agrees(added, false);
    expect([added.code, added.json.verdict, added.json.loads]).toEqual([0, 'compatible', 'no']);
    expect(added.text.split('\n')[0]).toBe('sdmatch check: compatible by the policy — old checkpoints do NOT load as they are (the policy allows extra.weight, extra.bias); the policy passes (fails on breaking)');
    const ignored = await check('base.pt', 'head.pt', ['--ignore', '^fc\\.']);
    agrees(ignored, false);
    expect([ignored.code, ignored.json.verdict, ignored.json.loads]).toEqual([0, 'compatible', 'no']);
    expect(ignored.text.split('\n')[0]).toBe('sdmatch check: compatible by the policy — old checkpoints do NOT load as they are (the policy ignores fc.weight, fc.bias); the policy passes (fails on breaking)');
    // and an unchanged model: the plain verdict, which torch confirms
    agrees(await check('base.pt', 'base.pt'), true);
  });

  it('a BatchNorm counter the old state dict lacks: loads when there is no _metadata (compatible), not when it records version 2 (breaking)', async () => {
    expect(facts['bn-nometa']).toBe('ok');
    expect(facts['bn-v2']).toMatch(/Missing key\(s\) in state_dict: "1\.num_batches_tracked"/);
    const nometa = await check('bn-old-nometa.pt', 'bn-new.pt');
    agrees(nometa, true);
    expect([nometa.code, nometa.json.verdict]).toEqual([0, 'compatible']);
    const v2 = await check('bn-old-v2.pt', 'bn-new.pt');
    agrees(v2, false);
    expect([v2.code, v2.json.verdict]).toEqual([1, 'breaking']);
  });

  it('dtype changes, every pair of 12 dtypes: keepsValues is what torch\'s cast does to the values, and the verdict follows', async () => {
    expect(facts['dtype-strict']).toBe('ok');
    const kept = facts.kept!;
    expect(Object.keys(kept)).toHaveLength(132);
    const r = await check('dt-old.pt', 'dt-new.pt');
    expect(r.json.dtypeChanged).toHaveLength(132);
    const disagree: string[] = [];
    for (const d of r.json.dtypeChanged) {
      const torchKept = kept[`${d.baseline}>${d.current}`];
      expect(torchKept, `${d.baseline} → ${d.current}`).toBeDefined();
      if (d.keepsValues !== torchKept) disagree.push(`${d.baseline} → ${d.current}: check ${d.keepsValues}, torch ${torchKept}`);
      expect(d.severity).toBe(d.keepsValues ? 'compatible' : 'breaking');
      expect(isDType(d.baseline) && isDType(d.current) && castVerdict(d.baseline, d.current).reason === d.reason).toBe(true);
    }
    expect(disagree).toEqual([]);
    // both kinds occur, so neither half of the table goes untested
    expect(new Set(Object.values(kept))).toEqual(new Set([true, false]));
    expect([r.code, r.json.verdict, r.json.loads]).toEqual([1, 'breaking', 'no']);
  });
});
