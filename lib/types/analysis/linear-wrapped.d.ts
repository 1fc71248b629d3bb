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
/**
 * The (checkpoint key, model key) pairs when every unexpected key is a bare `X.weight` whose `X.lin*.weight` is
 * missing, one child per layer, and every missing key is one of those: else null (a mix is another story).
 */
export declare function linearWrappedWeights(report: Pick<ErrorReport, 'missing' | 'unexpected'>): {
    from: string;
    to: string;
}[] | null;
export declare function linearWrappedCause(pairs: readonly {
    from: string;
    to: string;
}[]): Cause;
