/** Why `key` holds q, k and v consecutive, when it is ChatGLM's multi-query `query_key_value` (its weight's shape says so); else null. */
export declare function chatGlmPlainQkv(key: string, shapeOf: (key: string) => readonly number[] | null): string | null;
