import { describe, expect, it } from 'vitest';
import { TREE_JS } from '../../../src/report/html/client/tree.js';
import { STATUSES } from '../../../src/report/html/statuses.js';

/**
 * The page's module tree (client code, run here as the page runs it) on a side given directly: runs
 * gather alike numbered modules and never hide a difference; a module whose keys come apart (not one
 * stretch of the side's) still holds them all; a key's module is found, and made, on demand. The
 * browser tests (page.full.test.ts) check the tree as drawn.
 */

interface Node { name: string; n: number; params: number; isRun: boolean; kids: Node[]; leaves: number[]; cnt: Int32Array; rules: number[] | null; parent: Node | null }
interface Tree { root: Node; tree: { nodeOf: (k: number) => Node | null; keysOf: (n: Node) => ArrayLike<number> } }

const buildTree = new Function('STATUSES', `${TREE_JS}; return buildTree;`)(STATUSES) as (side: unknown) => Tree;
const ST = (id: string) => STATUSES.findIndex((s) => s.id === id);

function side(rows: [string, string, number[] | null][], rules: (number[] | undefined)[] = []) {
  const table: number[][] = [];
  const shapeIds = rows.map(([, , sh]) => {
    if (!sh) return -1;
    let i = table.findIndex((t) => t.join() === sh.join());
    if (i < 0) i = table.push(sh) - 1;
    return i;
  });
  return { keys: rows.map((r) => r[0]), st: rows.map((r) => ST(r[1])), shapes: rows.map((r) => r[2]), shapeIds, rules };
}

const names = (n: Node) => n.kids.map((k) => k.name);

describe('module tree (page client code)', () => {
  it('gathers alike numbered modules into runs; a differing member stands apart', () => {
    const rows: [string, string, number[] | null][] = [];
    for (let i = 0; i < 6; i++) {
      rows.push([`model.layers.${i}.attn.weight`, 'matched', [4, 4]]);
      rows.push([`model.layers.${i}.mlp.weight`, i === 3 ? 'missing' : 'matched', i === 4 ? [8, 4] : [4, 4]]);
    }
    rows.push(['model.head.weight', 'matched', [2, 4]]);
    const { root } = buildTree(side(rows));
    const layers = root.kids[0]!.kids[0]!;
    expect(layers.name).toBe('layers');
    // 3 differs by status, 4 by shape: 0-2, 3, 4, 5 (a run needs two members)
    expect(names(layers)).toEqual(['0-2', '3', '4', '5']);
    const run = layers.kids[0]!;
    expect(run.isRun).toBe(true);
    expect(run.n).toBe(6);
    expect(run.params).toBe(6 * 16);
    expect(names(run)).toEqual(['0', '1', '2']);
    expect(root.n).toBe(13);
    expect(root.cnt[ST('missing')]).toBe(1);
  });

  it('a module whose keys come apart still holds them all, in order, with its counts', () => {
    const moved = [0]; // one list per combination of ops, shared, as model.ts gives them
    const s = side([
      ['a.x', 'matched', [2]],
      ['b.y', 'missing', [3]],
      ['a.z', 'renamed', null],
      ['top', 'matched', [5]],
      ['b.w', 'matched', [7]],
    ], [moved, undefined, moved, undefined, undefined]);
    const { root, tree } = buildTree(s);
    expect(names(root)).toEqual(['a', 'b']);
    expect(root.leaves).toEqual([3]);
    const [a, b] = root.kids as [Node, Node];
    expect(Array.from(tree.keysOf(a))).toEqual([0, 2]);
    expect(Array.from(tree.keysOf(b))).toEqual([1, 4]);
    expect(a.leaves).toEqual([0, 2]);
    expect([a.n, a.params, a.cnt[ST('renamed')]]).toEqual([2, 2, 1]);
    expect(a.rules).toBe(moved);
    expect(b.rules).toBe(null);
    expect(b.params).toBe(10);
  });

  it('finds (and makes) the module of any key', () => {
    const rows: [string, string, number[] | null][] = [];
    for (let i = 0; i < 4; i++) rows.push([`enc.blocks.${i}.ff.w`, 'matched', [2]]);
    rows.push(['enc.norm', 'matched', [2]]);
    const { root, tree } = buildTree(side(rows));
    const n = tree.nodeOf(2)!;
    expect(n.name).toBe('ff');
    expect(n.leaves).toEqual([2]);
    expect(n.parent!.name).toBe('2');
    expect(tree.nodeOf(4)!.name).toBe('enc');
    expect(root.kids[0]!.kids[0]!.kids[0]!.name).toBe('0-3');
  });
});
