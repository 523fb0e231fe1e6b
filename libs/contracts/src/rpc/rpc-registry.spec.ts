import { objectSchemasOf, strictValidator } from '../json-schema/strict-ajv.testing';
import { QUEUE_GROUPS, SUBJECTS } from '../subjects';
import { RPC, RPC_DEFINITIONS, RPC_REQUEST_SCHEMAS } from './rpc-registry';

const definitions = Object.entries(RPC_DEFINITIONS);
const services: string[] = Object.values(QUEUE_GROUPS);

describe('RPC registry', () => {
  it('names every subject `<service>.<noun>.<verb>.v1`, for a service that listens', () => {
    for (const [, { subject }] of definitions) {
      expect(subject).toMatch(/^[a-z]+(\.[a-z][a-z0-9-]*){2,3}\.v1$/);
      expect(services).toContain(subject.split('.')[0]);
    }
  });

  it('registers each subject once, apart from the JetStream subjects', () => {
    const subjects = definitions.map(([, rpc]) => rpc.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const jetStream of Object.values(SUBJECTS)) expect(subjects).not.toContain(jetStream);
  });

  it('derives RPC and RPC_REQUEST_SCHEMAS from the entries, one each', () => {
    expect(Object.keys(RPC)).toEqual(definitions.map(([name]) => name));
    for (const [name, rpc] of definitions) {
      expect(RPC[name as keyof typeof RPC]).toBe(rpc.subject);
      expect(RPC_REQUEST_SCHEMAS[rpc.subject]).toBe(rpc.request);
    }
    expect(Object.keys(RPC_REQUEST_SCHEMAS)).toHaveLength(definitions.length);
    expect(RPC.analyticsTrendGet).toBe('analytics.insights.trend.get.v1');
  });

  it.each(definitions)('%s: its request schema compiles with the services’ ajv settings (strict, formats)', (_name, rpc) => {
    expect(() => strictValidator(rpc.request)).not.toThrow();
  });

  it.each(definitions)('%s: every object of its request is closed and requires only properties it has', (_name, rpc) => {
    const objects = objectSchemasOf(JSON.parse(JSON.stringify(rpc.request)));
    expect(objects[0]?.path).toBe('#');
    for (const { path, schema } of objects) {
      const properties = Object.keys((schema['properties'] as object | undefined) ?? {});
      const required = (schema['required'] as string[] | undefined) ?? [];
      // Open objects are the insight spec's `query` (checked by the kind's schema) and records (`additionalProperties` a schema).
      if (schema['additionalProperties'] !== false) {
        expect({ path, open: schema }).toEqual({ path, open: expect.objectContaining({ type: 'object' }) });
        expect(properties).toEqual([]);
      }
      expect(required.filter((key) => !properties.includes(key))).toEqual([]);
    }
  });
});
