export type { Checkpoint, CheckpointFormat, KeyPath, StateDictCandidate, TensorRecord } from './types.js';
export { openCheckpoint, scanSafety, type OpenOptions, type OpenedCheckpoint } from './open.js';
export { walkTree, candidateTensors, candidateEntries, valueAt, type WalkResult } from './walk.js';
export { isModuleObject, moduleStateDict } from './module-object.js';
export { tensorTotals, sharedStorages, summarizeLeaves, short as shortText, type TensorTotals, type SharedStorage, type LeafSummary, type LeafOptions, } from './summary.js';
export { moduleTree, type ModuleNode, type ModuleTensor } from './module-tree.js';
