/**
 * Containers a training framework keeps a standard network in, whose names no model outside that framework
 * has: keys under one are a checkpoint of the framework, and the network inside loads once the container's
 * name (and what holds it) is stripped. Knowledge as data, one row per framework, with its source.
 */
export interface TrunkContainer {
  /** the container's own segment, matched with whatever holds it before (`base_model.`, `trunk.`) */
  segment: string;
  who: string;
  why: string;
}

export const TRUNK_CONTAINERS: readonly TrunkContainer[] = [
  {
    // vissl/models/trunks/resnext.py builds `self._feature_blocks = nn.ModuleDict(...)` from torchvision's
    // conv1, bn1, layer1..layer4; extra_scripts/convert_vissl_to_torchvision.py strips `_feature_blocks.`
    // from the trunk (classy_state_dict.base_model.model.trunk) to load it into torchvision's ResNet
    segment: '_feature_blocks.',
    who: 'VISSL trunk (`_feature_blocks`)',
    why: 'VISSL keeps a torchvision ResNe(X)t\'s layers in its trunk\'s `_feature_blocks` module dict, a name no model outside VISSL has: these are a VISSL checkpoint\'s keys, and VISSL\'s own converter (extra_scripts/convert_vissl_to_torchvision.py) strips `_feature_blocks.` to load the trunk into torchvision',
  },
];

/**
 * The prefix every key carries up to and including one framework container (`base_model._feature_blocks.`),
 * with its row; null unless all keys share that one prefix and go on after it.
 */
export function trunkContainerPrefix(keys: readonly string[]): { prefix: string; row: TrunkContainer } | null {
  if (keys.length === 0) return null;
  for (const row of TRUNK_CONTAINERS) {
    const at = keys[0]!.indexOf(row.segment);
    if (at < 0 || (at > 0 && keys[0]![at - 1] !== '.')) continue;
    const prefix = keys[0]!.slice(0, at + row.segment.length);
    if (keys.every((k) => k.startsWith(prefix) && k.length > prefix.length)) return { prefix, row };
  }
  return null;
}
