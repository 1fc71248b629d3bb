/**
 * Missing keys that hold no weight, repeated module after module: what a model built as another variant or
 * version of the code lists when the checkpoint's weights did load.
 *
 * A wrapper prefix the checkpoint lacks (`module.`) leaves every key of the model missing, and torch lists them in
 * the model's own order, so each module shown brings its weights into the list. A list whose keys repeat the
 * same leaves under several modules and name no weight or bias among them cannot be that: the weights of those
 * modules loaded under the names the model gives them, and what is missing is state the checkpoint's model did
 * not have (CondenseNet's learned group convolutions keep `_count`, `_stage`, `_mask` buffers that its released,
 * converted model does not: ShichenLiu/CondenseNet#38; BatchNorm running statistics of a model saved with
 * track_running_stats=False).
 */
export interface WeightlessMissing {
    /** the leaves listed, each under at least two modules */
    leaves: string[];
    /** how many modules the keys sit under */
    modules: number;
}
/**
 * The missing keys (counters and buffers already explained left out), when they name no weight and every leaf
 * repeats under at least two modules; null otherwise.
 */
export declare function weightlessMissing(missing: readonly string[]): WeightlessMissing | null;
