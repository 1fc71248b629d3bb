/**
 * torch's error when load_state_dict is given something that is not a mapping of names to tensors
 * (`TypeError: Expected state_dict to be dict-like, got <class 'models.Net'>.`, torch.nn.Module.load_state_dict):
 * no key differs, the wrong object was passed. Commonest: a file written by `torch.save(model)` (a whole pickled
 * module) passed as it loads. Read here so the answer says what was passed and how to get its state dict, rather
 * than "not an error text".
 */
const NOT_DICT_LIKE = /Expected state_dict to be dict-like, got <class '([^']+)'>/;

/** What load_state_dict was given and what to do, by the class torch names (the first row whose test holds). */
const PASSED: readonly { test: (cls: string) => boolean; what: string | ((cls: string) => string); fix: string }[] = [
  { test: (c) => c === 'str' || c.endsWith('Path'), what: 'a path, not the loaded file', fix: '`model.load_state_dict(torch.load(path))`' },
  { test: (c) => c === 'NoneType', what: 'None (the function that should return the state dict returned nothing)', fix: 'return the state dict from it' },
  { test: (c) => c === 'list' || c === 'tuple', what: (c) => `a ${c}: the state dict may be one of its items`, fix: 'pass the item that maps names to tensors (`sdmatch inspect FILE` lists what the file holds)' },
  { test: (c) => c === 'torch.Tensor' || c.startsWith('torch.nn.parameter.'), what: 'a single tensor, not a state dict', fix: 'pass the file\'s mapping of names to tensors (`sdmatch inspect FILE` lists what the file holds)' },
  { test: (c) => c.startsWith('torch.optim.'), what: 'an optimizer, not a model\'s state dict', fix: 'pass the model\'s own weights (the checkpoint\'s `model` / `state_dict` entry)' },
];

/** The one-line answer for torch's not-dict-like error in `text`, or null when the text is not that error. */
export function notDictLikeMessage(text: string): string | null {
  const m = NOT_DICT_LIKE.exec(text);
  if (!m) return null;
  const cls = m[1]!;
  const row = PASSED.find((r) => r.test(cls));
  const said = `torch's error for an object that is not a state dict (load_state_dict was given a \`${cls}\`)`;
  if (row) return `${said}: ${typeof row.what === 'string' ? row.what : row.what(cls)}; no key differs, so there is nothing to match: ${row.fix}`;
  // any other class: a whole module pickled with torch.save(model), as torch.load returns it
  return `${said}: probably a whole module saved with torch.save(model), which torch.load returns as the model object, not its weights; no key differs, so there is nothing to match: pass its state dict, \`model.load_state_dict(obj.state_dict())\` (loading such a file runs code from it: \`sdmatch inspect FILE\` first), or save \`model.state_dict()\` instead`;
}
