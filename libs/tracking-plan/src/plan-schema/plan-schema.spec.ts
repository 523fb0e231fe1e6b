import { escapePointerSegment, isAtOrBelow, parsePointer } from './json-pointer';
import { jsonDepth, resolveLocalRef, subschemasOf, withoutExtensionKeywords } from './schema.walker';

describe('JSON pointers', () => {
  it('escape and parse property names per RFC 6901', () => {
    expect(escapePointerSegment('a/b~c')).toBe('a~1b~0c');
    expect(parsePointer('/a~1b~0c/d')).toEqual(['a/b~c', 'd']);
    expect(parsePointer('/~01')).toEqual(['~1']);
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('a')).toBeUndefined();
    expect(parsePointer('/a~2')).toBeUndefined();
    expect(parsePointer('/a~')).toBeUndefined();
  });

  it('tell a pointer below another from one that merely starts alike', () => {
    expect(isAtOrBelow('/a/b', '/a')).toBe(true);
    expect(isAtOrBelow('/a', '/a')).toBe(true);
    expect(isAtOrBelow('/ab', '/a')).toBe(false);
    expect(isAtOrBelow('/a', '')).toBe(true);
  });
});

describe('schema walker', () => {
  it('lists subschemas by keyword, not property names or values that look like keywords', () => {
    const schema = { type: 'object', properties: { not: { type: 'string' }, 'a/b': true }, enum: [{ properties: {} }], anyOf: [{ type: 'object' }], items: { type: 'string' } };
    expect(subschemasOf(schema).map((entry) => entry.path)).toEqual(['/properties/not', '/properties/a~1b', '/anyOf/0', '/items']);
  });

  it('measures depth exactly up to the limit and stops walking past it', () => {
    expect(jsonDepth('x', 3)).toBe(0);
    expect(jsonDepth({ a: [1] }, 3)).toBe(2);
    expect(jsonDepth({ a: [{ b: [] }] }, 3)).toBe(4);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonDepth(deep, 16)).toBe(17);
  });

  it('removes x-… keywords at schema positions only, and copies nothing when there is none', () => {
    const plain = { type: 'object', properties: { a: { type: 'string' } } };
    expect(withoutExtensionKeywords(plain)).toBe(plain);
    const marked = { type: 'object', 'x-owner': 'growth', properties: { 'x-id': { type: 'string', 'x-pii': true } }, enum: [{ 'x-kept': 1 }], allOf: [{ 'x-a': 1 }] };
    expect(withoutExtensionKeywords(marked)).toEqual({ type: 'object', properties: { 'x-id': { type: 'string' } }, enum: [{ 'x-kept': 1 }], allOf: [{}] });
    expect(marked['x-owner']).toBe('growth');
  });

  it('resolves local references, percent-encoded and escaped', () => {
    const root = { $defs: { 'a b': { type: 'string' }, 'c/d': { type: 'number' } }, prefixItems: [{ type: 'null' }] };
    expect(resolveLocalRef(root, '#')).toBe(root);
    expect(resolveLocalRef(root, '#/$defs/a%20b')).toEqual({ type: 'string' });
    expect(resolveLocalRef(root, '#/$defs/c~1d')).toEqual({ type: 'number' });
    expect(resolveLocalRef(root, '#/prefixItems/0')).toEqual({ type: 'null' });
    expect(resolveLocalRef(root, '#/$defs/missing')).toBeUndefined();
    expect(resolveLocalRef(root, 'other.json#/$defs/a')).toBeUndefined();
    expect(resolveLocalRef(root, '#/%E0%A4%A')).toBeUndefined();
  });
});
