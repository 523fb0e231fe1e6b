import type { PiiMarkDto } from '@fulcrum/contracts';
import { parsePointer } from '../plan-schema/json-pointer';
import { type SchemaNode, defineOwn, isSchemaNode } from '../plan-schema/schema.walker';

/**
 * The schema an event is checked against once its PII rules have been applied (a stored or failed
 * event being replayed): a HASHed property holds `hmac-sha256:…` whatever its plan type, format or
 * enum, so its schema becomes `true`; a DROPped property is gone, so its schema becomes `true` and
 * it is no longer required. Marks that name no property declared through `properties` are skipped
 * (checkPlanDocument reports them). The input is not modified.
 */
export function redactedSchema(schema: SchemaNode, marks: readonly PiiMarkDto[]): SchemaNode {
  if (marks.length === 0) return schema;
  const copy = structuredClone(schema) as Record<string, unknown>;
  for (const mark of marks) {
    const segments = parsePointer(mark.pointer);
    if (!segments || segments.length === 0) continue;
    let node: unknown = copy;
    for (let i = 0; i < segments.length && isSchemaNode(node); i++) {
      const properties = node['properties'];
      if (!isSchemaNode(properties) || !Object.hasOwn(properties, segments[i])) break;
      if (i < segments.length - 1) {
        node = properties[segments[i]];
        continue;
      }
      defineOwn(properties as Record<string, unknown>, segments[i], true);
      const required = node['required'];
      if (mark.rule === 'DROP' && Array.isArray(required)) {
        defineOwn(node as Record<string, unknown>, 'required', required.filter((name) => name !== segments[i]));
      }
    }
  }
  return copy;
}
