import { GraphQLError, parseValue } from 'graphql';
import { GraphQLJSON } from './json.scalar';

const literal = (source: string, variables?: Record<string, unknown>) => GraphQLJSON.parseLiteral(parseValue(source), variables);

describe('JSON scalar', () => {
  it('reads literals of every JSON kind, including variables inside them', () => {
    expect(literal('{ sex: "F", age: 41, score: 0.5, ok: true, none: null, tags: ["a", 1] }')).toEqual({
      sex: 'F',
      age: 41,
      score: 0.5,
      ok: true,
      none: null,
      tags: ['a', 1],
    });
    expect(literal('{ a: $x }', { x: { b: [1] } })).toEqual({ a: { b: [1] } });
  });

  it('refuses what JSON cannot represent instead of coercing it', () => {
    expect(() => literal('{ a: RED }')).toThrow(GraphQLError);
    expect(() => literal('{ a: $missing }', {})).toThrow(/undefined variable/);
    expect(() => GraphQLJSON.parseValue({ a: Number.NaN })).toThrow(GraphQLError);
    expect(() => GraphQLJSON.serialize({ a: undefined })).toThrow(GraphQLError);
    expect(() => GraphQLJSON.serialize(new Date())).toThrow(GraphQLError);
    expect(() => GraphQLJSON.serialize({ f: () => 1 })).toThrow(GraphQLError);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => GraphQLJSON.parseValue(deep)).toThrow(/deeper/);
  });

  it('keeps a __proto__ key (as JSON.parse gives it) as an ordinary key, in output and in input', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"a":2}') as unknown;
    const out = GraphQLJSON.serialize(parsed) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(GraphQLJSON.serialize(out))).toBe('{"__proto__":{"x":1},"a":2}');
    expect(JSON.stringify(literal('{ __proto__: { x: 1 }, a: 2 }'))).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('passes plain JSON values through unchanged', () => {
    const value = { entries: [{ seq: 0, payload: null }], format: 'fulcrum.audit-export.v1', n: -0.25 };
    expect(GraphQLJSON.serialize(value)).toEqual(value);
    expect(GraphQLJSON.parseValue('text')).toBe('text');
    expect(GraphQLJSON.parseValue(null)).toBeNull();
    expect(GraphQLJSON.serialize(Object.assign(Object.create(null) as object, { a: 1 }))).toEqual({ a: 1 });
  });
});
