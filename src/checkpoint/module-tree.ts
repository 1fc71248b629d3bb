import { numel } from '../formats/tensor.js';

/**
 * The module hierarchy a state dict's keys describe (`features.0.weight` → features › 0 › weight),
 * with tensor and element counts per subtree. Runs of numbered siblings with identical structure
 * (same child names, same tensor shapes) collapse into one node: `layers.0-11 (12 ×)`. Rendering is
 * left to the caller.
 */
export interface ModuleTensor {
  name: string;
  shape: number[] | null;
}

export interface ModuleNode {
  /** the key segment, or `0-11` for a collapsed run */
  name: string;
  /** the dotted prefix of this module (of the run's first member for a run); '' for the root */
  path: string;
  /** tensors directly in this module (`weight`, `bias`); for a run, those of one member */
  tensors: ModuleTensor[];
  /** submodules; for a run, those of one member */
  children: ModuleNode[];
  /** tensors in the whole subtree (all members of a run) */
  tensorCount: number;
  /** elements in the whole subtree (all members of a run); null if a shape is unknown */
  elements: number | null;
  /** set for a collapsed run of `count` identical members numbered first..last */
  repeat: { count: number; first: number; last: number; elementsEach: number | null } | null;
}

interface Building {
  name: string;
  path: string;
  tensors: ModuleTensor[];
  children: Map<string, Building>;
}

export function moduleTree(entries: readonly { key: string; shape: number[] | null }[]): ModuleNode {
  const root: Building = { name: '', path: '', tensors: [], children: new Map() };
  for (const { key, shape } of entries) {
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const seg = parts[i]!;
      let next = node.children.get(seg);
      if (!next) {
        next = { name: seg, path: node.path === '' ? seg : `${node.path}.${seg}`, tensors: [], children: new Map() };
        node.children.set(seg, next);
      }
      node = next;
    }
    node.tensors.push({ name: parts[parts.length - 1]!, shape });
  }
  return finish(root);
}

/** Post-order without recursion: deep key paths must not overflow the stack. */
function finish(root: Building): ModuleNode {
  const done = new Map<Building, ModuleNode>();
  const signatures = new Map<Building, string>();
  const intern = new Map<string, number>();
  const stack: [Building, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [b, visited] = stack.pop()!;
    if (!visited) {
      stack.push([b, true]);
      for (const c of b.children.values()) stack.push([c, false]);
      continue;
    }
    const kids = [...b.children.values()].map((c) => done.get(c)!);
    // structure id: tensors with shapes and children with their structure ids, names included
    const sig = JSON.stringify([b.tensors.map((t) => [t.name, t.shape]), [...b.children.values()].map((c) => [c.name, signatures.get(c)])]);
    let id = intern.get(sig);
    if (id === undefined) intern.set(sig, (id = intern.size));
    signatures.set(b, String(id));
    let tensorCount = b.tensors.length;
    let elements: number | null = 0;
    for (const t of b.tensors) elements = t.shape && elements !== null ? elements + numel(t.shape) : null;
    for (const k of kids) {
      tensorCount += k.tensorCount;
      elements = elements !== null && k.elements !== null ? elements + k.elements : null;
    }
    done.set(b, { name: b.name, path: b.path, tensors: b.tensors, children: collapseRuns(kids, [...b.children.values()].map((c) => signatures.get(c)!)), tensorCount, elements, repeat: null });
  }
  return done.get(root)!;
}

/** Consecutive numeric siblings n, n+1, … with the same structure id become one node. */
function collapseRuns(kids: ModuleNode[], sigs: string[]): ModuleNode[] {
  const out: ModuleNode[] = [];
  let i = 0;
  while (i < kids.length) {
    let j = i + 1;
    const first = /^\d+$/.test(kids[i]!.name) ? Number(kids[i]!.name) : null;
    if (first !== null) {
      while (j < kids.length && kids[j]!.name === String(first + (j - i)) && sigs[j] === sigs[i]) j++;
    }
    if (j - i >= 2) {
      const each = kids[i]!;
      const members = kids.slice(i, j);
      const elements = members.every((m) => m.elements !== null) ? members.reduce((a, m) => a + m.elements!, 0) : null;
      out.push({
        ...each,
        name: `${first}-${first! + (j - i) - 1}`,
        tensorCount: each.tensorCount * (j - i),
        elements,
        repeat: { count: j - i, first: first!, last: first! + (j - i) - 1, elementsEach: each.elements },
      });
    } else out.push(kids[i]!);
    i = j;
  }
  return out;
}
