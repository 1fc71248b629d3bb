import { readFileSync } from 'node:fs';

/**
 * A validator for exactly the JSON Schema subset schemas/check.schema.json and policy.schema.json use.
 * An unknown keyword throws, so a schema cannot drift beyond what the tests check.
 */

export type Schema = Record<string, unknown>;

const SUPPORTED = new Set([
  '$schema', '$id', '$ref', '$defs', 'title', 'description', 'oneOf', 'const', 'enum', 'type', 'required',
  'properties', 'additionalProperties', 'items', 'minimum', 'maximum', 'minLength',
]);

export function loadSchema(name: string): Schema {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as Schema;
}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      throw new Error(`unsupported type ${t}`);
  }
}

/** Problems found, as `path: what`; empty when `value` is valid. */
export function validate(root: Schema, value: unknown, schema: Schema = root, path = ''): string[] {
  for (const k of Object.keys(schema)) if (!SUPPORTED.has(k)) throw new Error(`schema keyword ${k} is not supported by the test validator`);
  if (typeof schema.$ref === 'string') {
    const def = (root.$defs as Record<string, Schema>)[schema.$ref.replace('#/$defs/', '')];
    if (!def) throw new Error(`unresolved ${schema.$ref}`);
    return validate(root, value, def, path);
  }
  const errs: string[] = [];
  if (schema.oneOf) {
    const ok = (schema.oneOf as Schema[]).filter((s) => validate(root, value, s, path).length === 0).length;
    if (ok !== 1) errs.push(`${path}: matches ${ok} of oneOf`);
    return errs;
  }
  if ('const' in schema && value !== schema.const) errs.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errs.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (schema.type !== undefined) {
    const types = [schema.type].flat() as string[];
    if (!types.some((t) => typeOk(t, value))) return [`${path}: expected ${types.join('|')}, got ${JSON.stringify(value)}`];
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errs.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errs.push(`${path}: above ${schema.maximum}`);
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength) errs.push(`${path}: shorter than ${schema.minLength}`);
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errs.push(...validate(root, v, schema.items as Schema, `${path}/${i}`)));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in o)) errs.push(`${path}: missing ${r}`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(o)) {
      if (props[k]) errs.push(...validate(root, v, props[k], `${path}/${k}`));
      else if (schema.additionalProperties === false) errs.push(`${path}: unexpected ${k}`);
    }
  }
  return errs;
}
