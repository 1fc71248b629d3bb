/**
 * One rank's file of a DeepSpeed or Megatron-LM folder, passed whole to load_state_dict (review25 F12: DeepSpeed's
 * commonest mistake, `model.load_state_dict(torch.load('global_step10/mp_rank_00_model_states.pt'))`). sdmatch reads
 * a named rank file as its whole folder, and the state dict it compares is one it builds from every file (DeepSpeed's
 * fp32 masters, Megatron's joined tensors): `checkpoint['model']` of that is a key the file lacks, or half a tensor.
 * What the file itself holds, and what loads, is said from the file's own fields (Checkpoint.namedMember).
 */
import type { CheckpointFormat, KeyPath, NamedMember } from '../checkpoint/types.js';
export interface RankFilePass {
    message: string;
    /** the Python that loads the weights field when it alone is the whole model; null: no one file is */
    access: string | null;
}
/**
 * The words for a rank file passed whole: which of its fields holds the weights, whether that is the whole model,
 * and the folder to pass when it is not. Null when the checkpoint was named by its folder or is no such layout.
 */
export declare function rankFilePass(input: {
    format: CheckpointFormat;
    member: NamedMember | undefined;
    tensorParallel?: number;
    files?: readonly string[];
    selected: KeyPath | null;
    unexpected: readonly string[];
}): RankFilePass | null;
