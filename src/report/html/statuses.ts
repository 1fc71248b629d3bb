/**
 * What a key can be on the page, one row per status: its label, what it means, and its colours (light
 * and dark). The page's CSS and its legend are both derived from this table; the client reads it from
 * the page, so a status is named and coloured in one place.
 */
export interface StatusRow {
  id: string;
  label: string;
  /** `sdmatch check` compares a baseline with the current model: the same facts under its words */
  checkLabel?: string;
  meaning: string;
  light: string;
  dark: string;
  /** a difference that makes load_state_dict(strict=True) fail (or, for check, a change) */
  problem: boolean;
}

export const STATUSES: readonly StatusRow[] = [
  { id: 'matched', label: 'matched', checkLabel: 'unchanged', meaning: 'the same key on both sides, same shape and dtype', light: '#2f855a', dark: '#68d391', problem: false },
  { id: 'renamed', label: 'renamed by a rule', checkLabel: 'renamed', meaning: 'a plan op moves it (rename, prefix, transpose, split, concat); hover the rule to see all it moves', light: '#2b6cb0', dark: '#63b3ed', problem: false },
  { id: 'dropped', label: 'dropped', meaning: 'a plan op drops it on purpose (its reason is in the ops table)', light: '#718096', dark: '#a0aec0', problem: false },
  { id: 'missing', label: 'missing', checkLabel: 'added', meaning: 'the model expects it and nothing in the checkpoint becomes it', light: '#c53030', dark: '#fc8181', problem: true },
  { id: 'unexpected', label: 'unexpected', checkLabel: 'removed', meaning: 'in the checkpoint, with no place in the model', light: '#b7791f', dark: '#f6e05e', problem: true },
  { id: 'shape', label: 'shape mismatch', checkLabel: 'shape changed', meaning: 'the same place on both sides, another shape', light: '#9f1239', dark: '#f687b3', problem: true },
  { id: 'dtype', label: 'dtype mismatch', checkLabel: 'dtype changed', meaning: 'another dtype (load_state_dict casts on copy)', light: '#6b46c1', dark: '#b794f4', problem: true },
  { id: 'counter', label: 'num_batches_tracked', meaning: 'a BatchNorm counter the checkpoint lacks; BatchNorm fills it in when loading', light: '#4a5568', dark: '#cbd5e0', problem: false },
  { id: 'unknown', label: 'unknown', meaning: 'the error text was cut short and does not say whether it matched', light: '#975a16', dark: '#fbd38d', problem: true },
  { id: 'ignored', label: 'ignored', meaning: 'an --ignore pattern makes its changes not count', light: '#718096', dark: '#a0aec0', problem: false },
];

export type StatusId = (typeof STATUSES)[number]['id'];
