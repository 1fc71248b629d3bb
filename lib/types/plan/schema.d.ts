/**
 * The plan's JSON form: its constants, its JSON Schema (published as schemas/plan.schema.json, kept
 * identical by a test), how a plan is assembled from inference and how it is written out.
 * Semantics of ops on keys (also in the schema descriptions):
 * - ops apply in order, each to the keys as earlier ops left them (a pipeline); each must match a key;
 * - strip_prefix: keys starting with `prefix` lose it; add_prefix: every key gets `prefix`
 *   (a prefix on only part of the keys is a `rename` anchored with `^`);
 * - rename: first regex match replaced; `$1` in `replacement` is group 1, `$$` a literal `$`; since
 *   version 2 `${1+1}`, `${1//3}`, `${1%3}` (steps left to right) do index arithmetic on a group; or, in
 *   place of `replacement`, a `table` whose row for group 1's text replaces the match (a list renumbered
 *   by no arithmetic; keys whose group 1 it does not list are left as they are);
 * - copy (version 2): the tensor `key` is also stored as `target`, sharing its storage (tied weights);
 * - stack (version 2): keys matching `pattern`, grouped by `target` expanded with their match, stacked
 *   along a new dim in the order of capture group `index` (0..n−1): per-expert weights into one tensor;
 * - drop: keys matching `pattern` are removed;
 * - transpose / reshape name one exact key (`key`) or every key a regex matches (`pattern`), as keys
 *   are at that point of the sequence; a reshape keeps the elements (same numel), changes the shape:
 *   to one exact `shape`, or (version 3) per tensor, `addTrailingOnes` / `removeTrailingOnes` dims of
 *   size 1 at the end of its own shape (every linear ↔ 1×1 conv weight in one op);
 * - split / concat name exact keys as they are at that point of the sequence, or (split: version 2,
 *   concat: version 3) every key a regex matches, their new names replacements expanded with each
 *   key's match; a concat by pattern joins each target's group in the order `parts` lists the text
 *   of capture group `part`; a split whose sizes are all 1 removes the split dimension (stacked
 *   tensors → one per index).
 * Regexes use the common subset of JavaScript and Python `re` (no named groups, no backreferences).
 */
import { PLAN_FORMAT } from '../formats/plan-format.js';
import { type Plan, type PlanOp, type PlanSource } from './types.js';
export { PLAN_FORMAT };
/**
 * the version sdmatch writes: 2 added `copy`, `stack`, splits by pattern and index arithmetic in
 * rename replacements; 3 added concats by pattern and reshapes by trailing 1s (a reader of an earlier 3 refuses
 * `addTrailingOnes` as an unknown field of that op, naming it, so the version did not move). The rule:
 * every object of a plan refuses a field it does not know, by name (test/plan/validate.test.ts), so an
 * older reader refuses a plan carrying a newer field and never misreads it: an optional addition
 * (source.entriesSha256, keySet, identity) moves no version; a change an older reader would accept
 * with another meaning must.
 */
export declare const PLAN_VERSION = 3;
/**
 * 4 added `rope_permute`, a tensor op a version-3 reader refuses by its kind: written only by a plan that
 * holds one, so every other plan stays version 3 and readable by the releases before it.
 */
export declare const ROPE_PLAN_VERSION = 4;
/**
 * The value of a plan's optional `paths` field: its relative file names start at the plan file's folder
 * (src/plan/plan-paths.ts). No version bump: a reader before it refuses the field by name rather than look
 * for the files from the folder it runs in.
 */
export declare const RELATIVE_TO_PLAN = "relative-to-plan";
/** the versions sdmatch reads */
export declare const PLAN_VERSIONS: readonly [1, 2, 3, 4];
export declare const planJsonSchema: {
    readonly $schema: 'https://json-schema.org/draft/2020-12/schema';
    readonly $id: 'https://github.com/sdmatch/sdmatch/schemas/plan.schema.json';
    readonly title: 'sdmatch remap plan';
    readonly description: 'How a checkpoint\'s tensors map onto the keys a model expects. `ops` apply in order, each to the keys as earlier ops left them, and each must match at least one key; `mapping` is their result key by key.';
    readonly type: 'object';
    readonly additionalProperties: false;
    readonly required: readonly ['format', 'version', 'source', 'target', 'ops', 'mapping', 'unmapped'];
    readonly properties: {
        readonly format: {
            readonly const: "sdmatch-plan";
        };
        readonly version: {
            readonly enum: readonly [1, 2, 3, 4];
            readonly description: '3 (written now), or 4 when the plan holds a rope_permute; 2 and 1 are still read: 2 has no concat by pattern or reshape by trailing 1s, 1 also no copy, stack, split by pattern or index arithmetic';
        };
        readonly paths: {
            readonly const: "relative-to-plan";
            readonly description: 'a relative source.file or target.file starts at the folder of the plan file (plan -o writes them so, and this field): a plan moved, committed or checked out elsewhere together with its files still names them, from any working folder. Absent (plans written before it): an absolute name as it is, a relative one as given, then beside the plan file. Optional, so no version bump: a release before it refuses the field by name rather than look for the files from where it runs';
        };
        readonly source: {
            readonly type: 'object';
            readonly additionalProperties: false;
            readonly required: readonly ['file', 'size', 'sha256', 'select'];
            readonly properties: {
                readonly file: {
                    readonly type: 'string';
                };
                readonly size: {
                    readonly type: 'integer';
                    readonly minimum: 0;
                };
                readonly sha256: {
                    readonly type: 'string';
                    readonly pattern: '^([0-9a-f]{64})?$';
                    readonly description: 'hex digest of the source checkpoint; empty when unknown, and for the other kinds (they name no checkpoint bytes)';
                };
                readonly entriesSha256: {
                    readonly type: 'string';
                    readonly pattern: '^[0-9a-f]{64}$';
                    readonly description: 'for a zip checkpoint (torch.save, TorchScript): sha256 over each entry\'s name, method, sizes and CRC-32 as its central directory lists them. It identifies the bytes without reading them, so apply checks it instead of sha256 (--full-hash checks sha256 as well)';
                };
                readonly identity: {
                    readonly type: 'object';
                    readonly additionalProperties: false;
                    readonly required: readonly ['device', 'inode', 'size', 'mtimeNs', 'ctimeNs'];
                    readonly description: 'the source file\'s device, inode, size, mtime and ctime (nanoseconds) when plan hashed it, read by fstat of the hashing descriptor before and after (absent if they differed, for several files, and for a file written just before). Every write updates ctime, which user space cannot set: apply skips re-reading a source with all five unchanged (--full-hash re-reads it anyway); another identity means the full sha256 check. Needs sha256. Optional, so no version bump: a release before it refuses the field by name (every object of a plan refuses unknown fields) rather than misread it';
                    readonly properties: {
                        readonly device: {
                            readonly type: 'string';
                            readonly pattern: '^[0-9]{1,20}$';
                        };
                        readonly inode: {
                            readonly type: 'string';
                            readonly pattern: '^[0-9]{1,20}$';
                        };
                        readonly size: {
                            readonly type: 'integer';
                            readonly minimum: 0;
                            readonly description: 'equals source.size';
                        };
                        readonly mtimeNs: {
                            readonly type: 'string';
                            readonly pattern: '^[0-9]{1,20}$';
                        };
                        readonly ctimeNs: {
                            readonly type: 'string';
                            readonly pattern: '^[0-9]{1,20}$';
                        };
                    };
                };
                readonly select: {
                    readonly type: 'array';
                    readonly items: {
                        readonly type: readonly ['string', 'integer'];
                    };
                    readonly description: 'path to the state dict inside the file';
                };
                readonly rivals: {
                    readonly type: 'array';
                    readonly items: {
                        readonly type: 'array';
                        readonly items: {
                            readonly type: readonly ['string', 'integer'];
                        };
                    };
                    readonly description: "paths of other state dicts in the file that fit the model as well as `select`, which the file's order chose: which trained values are meant is undecided (apply exits 1 and names the choice); absent when none tie or --select chose";
                };
                readonly keySet: {
                    readonly type: 'object';
                    readonly additionalProperties: false;
                    readonly required: readonly ['count', 'sha256'];
                    readonly description: 'the selected state dict\'s key names, shapes and dtypes: sha256 over one JSON line ["name",[shape],"dtype"] per key, sorted by name. apply accepts any checkpoint whose selected state dict has this key set (another snapshot of the same run) without --force';
                    readonly properties: {
                        readonly count: {
                            readonly type: 'integer';
                            readonly minimum: 0;
                        };
                        readonly sha256: {
                            readonly type: 'string';
                            readonly pattern: '^[0-9a-f]{64}$';
                        };
                    };
                };
                readonly kind: {
                    readonly enum: readonly ["checkpoint", "manifest", "key-list", "error-text"];
                    readonly description: 'what the plan was made from (absent: checkpoint). apply checks a checkpoint\'s size and entriesSha256 or sha256; for a plan made from a manifest, a key list or an error text it checks only that the checkpoint\'s state dict holds exactly the keys of the mapping';
                };
            };
        };
        readonly target: {
            readonly type: 'object';
            readonly additionalProperties: false;
            readonly required: readonly ['file', 'keys'];
            readonly properties: {
                readonly file: {
                    readonly type: 'string';
                };
                readonly keys: {
                    readonly type: 'integer';
                    readonly minimum: 0;
                };
            };
        };
        readonly ops: {
            readonly type: 'array';
            readonly items: {
                readonly oneOf: readonly [{
                    type: string;
                    description: string;
                    additionalProperties: boolean;
                    required: string[];
                    properties: {
                        op: {
                            const: string;
                        };
                    };
                }, {
                    type: string;
                    description: string;
                    additionalProperties: boolean;
                    required: string[];
                    properties: {
                        op: {
                            const: string;
                        };
                    };
                }, {
                    type: string;
                    description: string;
                    additionalProperties: boolean;
                    required: string[];
                    properties: {
                        op: {
                            const: string;
                        };
                    };
                }, {
                    type: string;
                    description: string;
                    additionalProperties: boolean;
                    required: string[];
                    properties: {
                        op: {
                            const: string;
                        };
                    };
                }, {
                    type: string;
                    description: string;
                    additionalProperties: boolean;
                    required: string[];
                    properties: {
                        op: {
                            const: string;
                        };
                    };
                }, {
                    readonly type: string;
                    readonly description: string;
                    readonly additionalProperties: boolean;
                    readonly required: string[];
                    readonly properties: {
                        op: {
                            const: string;
                        };
                    };
                    readonly oneOf: {
                        required: string[];
                    }[];
                }, {
                    readonly type: string;
                    readonly description: string;
                    readonly additionalProperties: boolean;
                    readonly required: string[];
                    readonly properties: {
                        op: {
                            const: string;
                        };
                    };
                    readonly oneOf: {
                        required: string[];
                    }[];
                    readonly anyOf: readonly [{
                        readonly required: readonly ['shape'];
                    }, {
                        readonly required: readonly ['addTrailingOnes'];
                    }, {
                        readonly required: readonly ['removeTrailingOnes'];
                    }];
                    readonly not: {
                        readonly anyOf: readonly [{
                            readonly required: readonly ['shape', 'addTrailingOnes'];
                        }, {
                            readonly required: readonly ['shape', 'removeTrailingOnes'];
                        }, {
                            readonly required: readonly ['addTrailingOnes', 'removeTrailingOnes'];
                        }];
                    };
                }, {
                    readonly type: string;
                    readonly description: string;
                    readonly additionalProperties: boolean;
                    readonly required: string[];
                    readonly properties: {
                        op: {
                            const: string;
                        };
                    };
                    readonly oneOf: {
                        required: string[];
                    }[];
                }, {
                    readonly type: string;
                    readonly description: string;
                    readonly additionalProperties: boolean;
                    readonly required: string[];
                    readonly properties: {
                        op: {
                            const: string;
                        };
                    };
                    readonly oneOf: readonly [{
                        readonly required: readonly ['keys'];
                    }, {
                        readonly required: readonly ['pattern', 'part', 'parts'];
                    }];
                }, {
                    type: string;
                    description: string;
                    additionalProperties: boolean;
                    required: string[];
                    properties: {
                        op: {
                            const: string;
                        };
                    };
                }, {
                    readonly type: string;
                    readonly description: string;
                    readonly additionalProperties: boolean;
                    readonly required: string[];
                    readonly properties: {
                        op: {
                            const: string;
                        };
                    };
                    readonly oneOf: {
                        required: string[];
                    }[];
                }, {
                    type: string;
                    description: string;
                    additionalProperties: boolean;
                    required: string[];
                    properties: {
                        op: {
                            const: string;
                        };
                    };
                }];
            };
        };
        readonly mapping: {
            readonly type: 'object';
            readonly description: 'every source key → its final key, its final keys (split), or null (dropped); keys the target does not expect keep the name the ops give them';
            readonly additionalProperties: {
                readonly oneOf: readonly [{
                    readonly type: 'string';
                }, {
                    readonly type: 'array';
                    readonly items: {
                        readonly type: 'string';
                    };
                }, {
                    readonly type: 'null';
                }];
            };
        };
        readonly unmapped: {
            readonly type: 'array';
            readonly items: {
                readonly type: 'string';
            };
            readonly description: 'derived from the ops: target keys left without a source; they will be missing';
        };
        readonly unexpected: {
            readonly type: 'array';
            readonly items: {
                readonly type: 'string';
            };
            readonly description: 'derived from the ops: keys they produce that the target does not expect';
        };
        readonly keepMissing: {
            readonly type: 'array';
            readonly items: {
                type: string;
                minLength: number;
                description: string;
            };
            readonly description: 'regexes over target keys the model initialises itself (a new head): missing on purpose; sdmatch plan check accepts them';
        };
        readonly loadsAsStored: {
            readonly type: 'array';
            readonly items: {
                readonly type: 'string';
            };
            readonly description: 'source keys written as stored although nothing decided their layout (a square kernel beside kernels of its name stored transposed, listed as ambiguous): load_state_dict(strict=True) accepts them, and their values may be transposed, so apply names them as not verified. Optional, so no version bump';
        };
        readonly tiedApart: {
            readonly type: 'array';
            readonly items: {
                readonly type: 'array';
                readonly items: {
                    readonly type: 'string';
                };
                readonly minItems: 2;
            };
            readonly description: "model keys the model ties (one tensor under several names) that the plan writes from separate tensors of the checkpoint, one array per tie in the model's order: load_state_dict(strict=True) accepts them and keeps only the last one's values, so apply says the others' trained values are lost and exits 1, and plan check calls the plan not exact. Optional, so no version bump";
        };
    };
};
/** What a plan records about its source (`kind` absent: a checkpoint). */
export type PlanSourceInfo = PlanSource;
/** Assemble a plan from what inference produced. */
export declare function makePlan(source: PlanSourceInfo, target: {
    file: string;
    keys: number;
}, result: {
    ops: PlanOp[];
    mapping: Record<string, string | string[] | null>;
    unmapped: string[];
    unexpected?: string[];
    keepMissing?: string[];
    loadsAsStored?: string[];
}): Plan;
/** The plan as written to plan.json: two-space indent, fields in schema order, trailing newline. */
export declare function planToJson(plan: Plan): string;
