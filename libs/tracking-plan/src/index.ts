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
