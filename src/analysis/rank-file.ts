/**
 * One rank's file of a DeepSpeed or Megatron-LM folder, passed whole to load_state_dict (review25 F12: DeepSpeed's
 * commonest mistake, `model.load_state_dict(torch.load('global_step10/mp_rank_00_model_states.pt'))`). sdmatch reads
 * a named rank file as its whole folder, and the state dict it compares is one it builds from every file (DeepSpeed's
 * fp32 masters, Megatron's joined tensors): `checkpoint['model']` of that is a key the file lacks, or half a tensor.
 * What the file itself holds, and what loads, is said from the file's own fields (Checkpoint.namedMember).
 */
import type { CheckpointFormat, KeyPath, NamedMember } from '../checkpoint/types.js';

interface RankFileRow {
  /** the layout's name in the words */
  layout: string;
  /** the field of a rank file that holds the model's weights as the framework saved them */
  field: string;
  /** what that field holds, and why it is not what sdmatch compares */
  holds: string;
  /** what the folder gives that no one file does */
  folderGives: string;
}

/** One row per layout whose rank files torch.load reads one by one (DCP's `.distcp` are no torch.save file). */
const RANK_FILES: Partial<Record<CheckpointFormat, RankFileRow>> = {
  deepspeed: {
    layout: 'DeepSpeed',
    field: 'module',
    // engine.save_checkpoint writes `module` = module.state_dict() in the training dtype; ZeRO keeps the fp32 masters in *_optim_states.pt
    holds: "the model's weights as the engine saved them, in its training dtype (float16 or bfloat16 under mixed precision)",
    folderGives: "the fp32 master weights sdmatch compares are cut from the ranks' *_optim_states.pt files, as DeepSpeed's zero_to_fp32.py cuts them",
  },
  megatron: {
    layout: 'Megatron-LM',
    field: 'model',
    // save_checkpoint writes each (tensor, pipeline, expert) rank's own module state dict under `model`
    holds: "this rank's own pieces of the model",
    folderGives: "the model's whole tensors are joined from every rank's file",
  },
};

const code = (names: readonly string[]) => names.slice(0, 4).map((k) => `\`${k}\``).join(', ') + (names.length > 4 ? ', …' : '');

/** Rank files among a folder's files: those named as the named one is, once its rank numbers are taken out. */
function rankFiles(member: NamedMember, files: readonly string[]): number {
  const shape = (f: string) => (f.split('/').pop() ?? f).replace(/\d+/g, '#');
  const mine = shape(member.file);
  return files.filter((f) => shape(f) === mine).length;
}

export interface RankFilePass {
  message: string;
  /** the Python that loads the weights field when it alone is the whole model; null: no one file is */
  access: string | null;
}

/**
 * The words for a rank file passed whole: which of its fields holds the weights, whether that is the whole model,
 * and the folder to pass when it is not. Null when the checkpoint was named by its folder or is no such layout.
 */
export function rankFilePass(input: { format: CheckpointFormat; member: NamedMember | undefined; tensorParallel?: number; files?: readonly string[]; selected: KeyPath | null; unexpected: readonly string[] }): RankFilePass | null {
  const { member } = input;
  const row = RANK_FILES[input.format];
  if (!member || !row) return null;
  const tp = input.tensorParallel ?? 1;
  const ranks = Math.max(rankFiles(member, input.files ?? []), 1);
  const file = member.file.split('/').pop() ?? member.file;
  const head = `the error came from passing the whole file to load_state_dict: \`${file}\` is one of ${ranks === 1 ? 'the files' : `${ranks} rank files`} of a ${row.layout} checkpoint, and its fields (${code(input.unexpected)}) are what the model called unexpected`;
  // MODEL: the model's manifest, or the error text itself (explain's fix line runs the same two steps on it)
  const steps = `\`sdmatch plan ${member.folder} MODEL -o plan.json\`, then \`sdmatch apply ${member.folder} plan.json -o model.pt\``;
  const folder = `pass the folder, not one file: ${steps} writes the model's weights as one file (${row.folderGives})`;
  const access = `checkpoint['${row.field}']`;
  if (!member.stateDicts.includes(row.field)) {
    return { message: `${head}; its \`${row.field}\` holds no weights (${member.fields.includes(row.field) ? 'no tensor in it' : 'no such field'}): ${folder}`, access: null };
  }
  if (member.emptyOnly.includes(row.field)) {
    return { message: `${head}; its \`${row.field}\` holds only empty placeholders (ZeRO-3 saves each parameter as torch.Size([0]) and partitions the weights over the *_optim_states.pt files): ${folder}`, access: null };
  }
  if (tp > 1) {
    return { message: `${head}; \`${access}\` holds ${row.holds}, and it is one of ${tp} tensor-parallel ranks: each split tensor there is 1/${tp} of the model's along its split dim, so loading it fails with size mismatches: ${folder}`, access: null };
  }
  if (ranks > 1) {
    return { message: `${head}; \`${access}\` holds ${row.holds}, one pipeline stage's (or expert rank's) share of ${ranks}: the rest of the model is in the other files: ${folder}`, access: null };
  }
  const compared = input.selected?.length === 1 && input.selected[0] === row.field;
  return { message: `${head}; its weights are at \`${access}\`, ${row.holds}: load that instead${compared ? '' : `; ${row.folderGives}: ${steps} writes those`}`, access };
}
