/**
 * A layer's weight the checkpoint holds bare (`conv1.weight`) and the model inside a child Linear named `lin`
 * (`conv1.lin.weight`): torch_geometric 2.x moved the weight of its graph convolutions (GCNConv and others)
 * into a `lin` Linear, which stores [out, in], where 1.x held it as a bare parameter of [in, out] used as
 * x @ W (pyg-team/pytorch_geometric#3244: `state_dict["conv1.lin.weight"] = state_dict["conv1.weight"].t()`;
 * LarsHoldijk/RE-ParameterizedExplainerForGraphNeuralNetworks#5). The fix is a rename and a transpose of each;
 * a rename alone loads every square one (hidden sizes equal) silently transposed, so it is said in words and
 * never offered as renames: a transpose the text cannot witness (no shapes) is not a plan op.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';

/** PyG's Linear children: `lin`, and the per-role ones of its other convolutions (`lin_src`, `lin_rel`, `lin_root`, …). */
const LINEAR_CHILD = /^lin(?:_[a-z]+)?$/;
const LEAF = '.weight';

/**
 * The (checkpoint key, model key) pairs when every unexpected key is a bare `X.weight` whose `X.lin*.weight` is
 * missing, one child per layer, and every missing key is one of those: else null (a mix is another story).
 */
export function linearWrappedWeights(report: Pick<ErrorReport, 'missing' | 'unexpected'>): { from: string; to: string }[] | null {
  if (report.unexpected.length === 0 || report.missing.length !== report.unexpected.length) return null;
  const missing = new Set(report.missing);
  const pairs: { from: string; to: string }[] = [];
  for (const u of report.unexpected) {
    if (!u.endsWith(LEAF)) return null;
    const layer = u.slice(0, -LEAF.length);
    const homes = report.missing.filter((m) => m.startsWith(`${layer}.`) && m.endsWith(LEAF) && LINEAR_CHILD.test(m.slice(layer.length + 1, -LEAF.length)));
    if (homes.length !== 1 || !missing.has(homes[0]!)) return null;
    pairs.push({ from: u, to: homes[0]! });
  }
  return new Set(pairs.map((p) => p.to)).size === pairs.length ? pairs : null;
}

export function linearWrappedCause(pairs: readonly { from: string; to: string }[]): Cause {
  const child = pairs[0]!.to.slice(pairs[0]!.from.length - LEAF.length + 1, -LEAF.length);
  const shown = pairs.slice(0, 3).map((p) => `\`${p.from}\` → \`${p.to}\``).join(', ');
  return {
    code: 'linear_wrapped_weight',
    message: `the checkpoint holds ${pairs.length === 1 ? 'a layer\'s weight' : `${pairs.length} layers' weights`} bare where the model keeps ${pairs.length === 1 ? 'it' : 'each'} in a child Linear \`${child}\` (${shown}${pairs.length > 3 ? ', …' : ''}): torch_geometric 2.x moved its graph convolutions' weight (GCNConv and others) into such a Linear, which stores [out, in], where 1.x held it bare as [in, out] (used as x @ W); rename each and transpose it, square ones too (\`sd['${pairs[0]!.to}'] = sd.pop('${pairs[0]!.from}').t()\`), or install the torch_geometric < 2 the checkpoint was saved with; sdmatch's plan does not make this op from an error text, which gives no shapes: a rename without the transpose loads every square layer silently transposed (if the old layer used its bare weight as a Linear does, [out, in], no transpose is needed: a layer that is not square tells which, its [in, out] in the checkpoint against [out, in] in the model)`,
  };
}
