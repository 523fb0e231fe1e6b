/**
 * For the contracts' own specs: ajv with the settings the services validate with
 * (libs/messaging/src/rpc/json-schema.validator.ts, which contracts may not import).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false, useDefaults: false });
addFormats(ajv);

const compiled = new WeakMap<object, ValidateFunction>();

/** The schema compiled once (ajv throws here on a schema strict mode refuses). */
export function strictValidator(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Every object schema in the tree (root included), with its JSON pointer. */
export function objectSchemasOf(schema: unknown, path = '#'): Array<{ path: string; schema: Record<string, unknown> }> {
  if (typeof schema !== 'object' || schema === null) return [];
  const found: Array<{ path: string; schema: Record<string, unknown> }> = [];
  const node = schema as Record<string, unknown>;
  if (node['type'] === 'object') found.push({ path, schema: node });
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) value.forEach((item, i) => found.push(...objectSchemasOf(item, `${path}/${key}/${i}`)));
    else found.push(...objectSchemasOf(value, `${path}/${key}`));
  }
  return found;
}
