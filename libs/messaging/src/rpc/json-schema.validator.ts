import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError } from '@fulcrum/contracts';

const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false, useDefaults: false });
addFormats(ajv);

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Validates `value` against a JSON Schema from `libs/contracts` (compiled once per schema) and
 * throws `VALIDATION_FAILED` naming the first offending field. Never coerces.
 */
export function assertMatchesSchema<T>(schema: object, value: unknown, what: string): asserts value is T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return;
  const first = validate.errors?.[0];
  const field = (first?.instancePath || '/').replace(/^\//, '').replace(/\//g, '.') || '(root)';
  const extra = first?.keyword === 'additionalProperties' ? ` (${String(first.params['additionalProperty'])})` : '';
  throw new DomainError('VALIDATION_FAILED', `${what}: ${field} ${first?.message ?? 'is invalid'}${extra}`, {
    field,
    keyword: first?.keyword,
  });
}
