export {
  FIRST_SCHEMAVER,
  SCHEMA_CHANGE_KINDS,
  bumpSchemaVer,
  compareSchemaVer,
  formatSchemaVer,
  parseSchemaVer,
  stepBetween,
  stepCovers,
} from './schemaver/schemaver';
export type { SchemaChangeKind, SchemaVer } from './schemaver/schemaver';
export { classifySchemaChange, largerChange } from './schema-change/schema-change.classifier';
export type { JsonSchema, SchemaChange, SchemaIncompatibility } from './schema-change/schema-change.classifier';
export { PLAN_DOCUMENT_PROBLEM_CODES, checkPlanDocument } from './plan-document/plan-document.checks';
export type { PlanDocumentProblem, PlanDocumentProblemCode } from './plan-document/plan-document.checks';
export { TrackingPlanCompileError, compileTrackingPlan } from './plan-checker/plan.checker';
export type { CompileTrackingPlanOptions, CompiledTrackingPlan } from './plan-checker/plan.checker';
export { MAX_EXPECTED_LENGTH, MAX_VIOLATIONS_PER_EVENT } from './plan-checker/violation.mapper';
export { MIN_PII_SECRET_BYTES, PII_HASH_PREFIX, compilePiiPlan, compilePiiRules, hashPiiValue } from './pii/pii.transformer';
export type { CompiledPiiPlan, PiiTransform } from './pii/pii.transformer';
export {
  SYNTHETIC_PLAN_SHAPE,
  syntheticEventName,
  syntheticTrackingPlan,
  syntheticValidProperties,
  syntheticViolatingProperties,
} from './plan-checker/synthetic-plan.builder';
export type { SyntheticPlanShape } from './plan-checker/synthetic-plan.builder';
