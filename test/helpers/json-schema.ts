import { readFileSync } from 'node:fs';

/**
 * A validator for the subset of JSON Schema (draft 2020-12) the project's schemas use: type, enum,
 * const, properties, required, additionalProperties, propertyNames, minProperties, maxProperties, items, minItems,
 * maxItems, minimum, maximum, minLength, pattern, oneOf, anyOf, not, and `$ref` to `#/$defs/…`. Any other keyword throws, so a schema can never rely on something this
 * validator silently ignores. Annotations ($schema, $id, title, description, $comment) are skipped.
 */
export type JsonSchema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description', '$comment']);
const KEYWORDS = new Set([
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'maxProperties', 'items', 'minItems', 'maxItems',
  'minimum', 'maximum', 'minLength', 'pattern', 'oneOf', 'anyOf', 'not', '$ref',
]);

/** One of the project's published schemas (schemas/NAME). */
export function loadSchema(name: string): { [keyword: string]: unknown } {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as { [keyword: string]: unknown };
}

/** Every violation as `<JSON pointer>: <what is wrong>`; empty when `value` is valid. */
export function validateJson(schema: JsonSchema, value: unknown): string[] {
  const errors: string[] = [];
  check(schema, value, '', schema, errors);
  return errors;
}

function check(schema: JsonSchema, value: unknown, at: string, root: JsonSchema, errors: string[]): void {
  if (schema === true) return;
  if (schema === false) {
    errors.push(`${at || '/'}: no value is allowed here`);
    return;
  }
  for (const k of Object.keys(schema)) {
    if (!ANNOTATIONS.has(k) && !KEYWORDS.has(k)) throw new Error(`json-schema helper: unsupported keyword "${k}" at schema for ${at || '/'}`);
  }
  const where = at || '/';
  if (typeof schema.$ref === 'string') check(resolveRef(root, schema.$ref), value, at, root, errors);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      errors.push(`${where}: expected ${types.join(' or ')}, got ${typeName(value)}`);
      return;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(e, value))) errors.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && !sameJson(schema.const, value)) errors.push(`${where}: expected ${JSON.stringify(schema.const)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${where}: ${value} is below the minimum ${schema.minimum}`);
  if (typeof schema.maximum === 'number' && typeof value === 'number' && value > schema.maximum) errors.push(`${where}: ${value} is above the maximum ${schema.maximum}`);
  if (typeof schema.minLength === 'number' && typeof value === 'string' && value.length < schema.minLength) errors.push(`${where}: shorter than ${schema.minLength} characters`);
  // `pattern` is an ECMA-262 regular expression, unanchored, with Unicode semantics (2020-12 §6.3.3)
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${where}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  if (typeof schema.minItems === 'number' && Array.isArray(value) && value.length < schema.minItems) errors.push(`${where}: fewer than ${schema.minItems} items`);
  if (typeof schema.maxItems === 'number' && Array.isArray(value) && value.length > schema.maxItems) errors.push(`${where}: more than ${schema.maxItems} items`);
  if (typeof schema.minProperties === 'number' && isObject(value) && Object.keys(value).length < schema.minProperties) errors.push(`${where}: fewer than ${schema.minProperties} properties`);
  if (typeof schema.maxProperties === 'number' && isObject(value) && Object.keys(value).length > schema.maxProperties) errors.push(`${where}: more than ${schema.maxProperties} properties`);
  if (schema.not !== undefined && validateAgainst(schema.not as JsonSchema, value, at, root).length === 0) errors.push(`${where}: matches the schema under "not"`);
  if (isObject(value)) checkObject(schema, value, at, root, errors);
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((x, i) => check(schema.items as JsonSchema, x, `${at}/${i}`, root, errors));
  if (Array.isArray(schema.anyOf)) {
    const ok = (schema.anyOf as JsonSchema[]).some((s) => validateAgainst(s, value, at, root).length === 0);
    if (!ok) errors.push(`${where}: matches none of anyOf`);
  }
  if (Array.isArray(schema.oneOf)) {
    const n = (schema.oneOf as JsonSchema[]).filter((s) => validateAgainst(s, value, at, root).length === 0).length;
    if (n !== 1) errors.push(`${where}: matches ${n} of oneOf (exactly 1 required)`);
  }
}

function checkObject(schema: Exclude<JsonSchema, boolean>, value: Record<string, unknown>, at: string, root: JsonSchema, errors: string[]): void {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const r of (schema.required ?? []) as string[]) if (!(r in value)) errors.push(`${at || '/'}: missing required property "${r}"`);
  for (const [k, x] of Object.entries(value)) {
    const ptr = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (schema.propertyNames !== undefined) {
      for (const e of validateAgainst(schema.propertyNames as JsonSchema, k, at, root)) errors.push(`${ptr} (property name): ${e.slice(e.indexOf(': ') + 2)}`);
    }
    if (Object.prototype.hasOwnProperty.call(props, k)) check(props[k]!, x, ptr, root, errors);
    else if (schema.additionalProperties !== undefined) {
      if (schema.additionalProperties === false) errors.push(`${ptr}: property not allowed`);
      else check(schema.additionalProperties as JsonSchema, x, ptr, root, errors);
    }
  }
}

function validateAgainst(schema: JsonSchema, value: unknown, at: string, root: JsonSchema): string[] {
  const errors: string[] = [];
  check(schema, value, at, root, errors);
  return errors;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
  const defs = typeof root === 'object' ? (root.$defs as Record<string, JsonSchema> | undefined) : undefined;
  const target = m && defs ? defs[m[1]!] : undefined;
  if (target === undefined) throw new Error(`json-schema helper: cannot resolve $ref "${ref}" (only #/$defs/NAME)`);
  return target;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObject(v);
    default:
      throw new Error(`json-schema helper: unknown type "${t}"`);
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
