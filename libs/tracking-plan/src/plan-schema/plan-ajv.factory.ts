import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export type PlanAjv = Ajv2020;

/**
 * The ajv that compiles a plan's properties schemas: draft 2020-12, strict (an unknown keyword such
 * as `requird`, an unknown format, a type-specific keyword without its `type`, a `required` name
 * that `properties` does not declare: all refused at compile time), every error collected
 * (`allErrors`), with the schema and value behind each error (`verbose`) so that a violation can name
 * what the plan expected and the JSON type received. `ownProperties` makes `required:
 * ["constructor"]` mean an own property, not the one every object inherits. Union types (`["string",
 * "null"]`) are allowed. No error messages are built (violations carry codes). One instance per
 * compiled plan. Schemas are checked against the draft 2020-12 meta-schema by `compilePlanSchema`
 * through one shared validator, not by each instance (each would compile the meta-schema anew:
 * ~70 ms).
 */
export function createPlanAjv(): PlanAjv {
  const ajv = new Ajv2020({
    strict: true,
    allowUnionTypes: true,
    allErrors: true,
    verbose: true,
    messages: false,
    ownProperties: true,
    validateSchema: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
  });
  addFormats(ajv);
  return ajv;
}

let metaValidator: PlanAjv | undefined;

/** The process's one ajv that checks schemas against the draft 2020-12 meta-schema (it never compiles a plan schema). */
function sharedMetaValidator(): PlanAjv {
  if (!metaValidator) {
    metaValidator = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: false });
    addFormats(metaValidator);
  }
  return metaValidator;
}

/**
 * Compiles one properties schema with `ajv` (from createPlanAjv) after checking it against the
 * meta-schema, as ajv's own `validateSchema` option would. Throws with ajv's message when the
 * schema is invalid or strict mode refuses it.
 */
export function compilePlanSchema(ajv: PlanAjv, schema: Readonly<Record<string, unknown>>): ValidateFunction {
  const meta = sharedMetaValidator();
  if (!meta.validateSchema(schema)) throw new Error(`schema is invalid: ${meta.errorsText(meta.errors)}`);
  return ajv.compile(schema);
}
