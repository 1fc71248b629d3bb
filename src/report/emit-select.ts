/**
 * Where the weights sit, for emitters whose loader reads a fixed place (review 11, F6). transformers'
 * `from_pretrained` reads a model file as the state dict itself, and MMEngine's `load_checkpoint` reads
 * `checkpoint['state_dict']` when there is one, else the whole checkpoint. Neither sees the plan's
 * selection, so a key mapping emitted alone for weights nested elsewhere renames keys of an object that
 * holds none of them, and both loaders then leave the model's weights as initialised with only a warning.
 * The note goes first, where a reader of the mapping cannot miss it.
 */
import type { Plan } from '../plan/types.js';
import { pythonAccess } from '../formats/python-source.js';

export interface SelectingLoader {
  /** the loader's name as a user knows it */
  name: string;
  /** what it reads from the file, in words */
  reads: string;
  /** the one selection it makes itself (MMEngine's `state_dict`), if any */
  selectsItself?: readonly string[];
}

export function selectionNote(plan: Pick<Plan, 'source'>, loader: SelectingLoader): string[] {
  const select = plan.source.select;
  if (select.length === 0) return [];
  const own = loader.selectsItself;
  if (own && own.length === select.length && own.every((s, i) => s === select[i])) return [];
  const access = pythonAccess(select);
  return [
    `# NOTE: the weights are not the checkpoint itself: they sit at ${access}.`,
    `# ${loader.name} reads ${loader.reads}, so this mapping alone loads none of them. Save them first:`,
    `#   torch.save(torch.load(FILE, map_location='cpu', weights_only=True)${access.slice('checkpoint'.length)}, 'weights.pt')`,
    '# or use --emit python (its select_state_dict does it) or `sdmatch apply`.',
  ];
}
