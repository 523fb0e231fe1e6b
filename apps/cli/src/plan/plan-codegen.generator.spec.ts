import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { definition, shopPlan } from './plan-codegen.test-helpers';
import { generateTrackingPlanModule } from './plan-codegen.generator';

const plan = (...events: TrackingPlanDocumentDto['events']): TrackingPlanDocumentDto => ({ events, traits: null });
const generate = (document: TrackingPlanDocumentDto, planVersion: number | null = 7) => generateTrackingPlanModule(document, { planVersion });

/** The `export type <name> = …;` declaration of the generated text. */
function typeOf(text: string, name: string): string {
  const start = text.indexOf(`export type ${name} = `);
  if (start < 0) throw new Error(`no type ${name}`);
  return text.slice(start + `export type ${name} = `.length, text.indexOf(';\n\n', start) === -1 ? undefined : text.indexOf(';\n\n', start));
}

describe('generateTrackingPlanModule', () => {
  it('writes exactly this module for a one-event plan', () => {
    const text = generate(
      plan(
        definition(
          'Order Completed',
          { type: 'object', properties: { cartId: { type: 'string', description: 'The cart.' }, total: { type: 'number' } }, required: ['cartId'], additionalProperties: false },
          { description: 'A customer paid.', schemaVer: '1-0-1' },
        ),
      ),
      2,
    );
    expect(text.slice(text.indexOf('/** Properties of'))).toBe(
      [
        '/** Properties of "Order Completed" (SchemaVer 1-0-1). */',
        'export type OrderCompletedProperties = {',
        '  /** The cart. */',
        '  cartId: string;',
        '  total?: number;',
        '};',
        '',
        '/**',
        ' * A customer paid.',
        ' *',
        ' * Event "Order Completed", SchemaVer 1-0-1, LIVE.',
        ' */',
        'export function trackOrderCompleted(client: TrackClient, identity: TrackIdentity, properties: OrderCompletedProperties): void {',
        '  sendTrack(client, "Order Completed", identity, properties);',
        '}',
        '',
      ].join('\n'),
    );
    expect(text.startsWith('/**\n * Track functions for the tracking plan version 2: 1 event.\n')).toBe(true);
  });

  it('is deterministic: the same plan gives the same bytes; another version only changes the header', () => {
    expect(generate(shopPlan())).toBe(generate(JSON.parse(JSON.stringify(shopPlan())) as TrackingPlanDocumentDto));
    const [a, b] = [generate(shopPlan(), 3), generate(shopPlan(), 4)];
    expect(a).not.toBe(b);
    expect(a.split('\n').slice(2)).toEqual(b.split('\n').slice(2));
    expect(generate(shopPlan(), null)).toContain('Track functions for the tracking plan (plan version not given): 3 events (1 deprecated left out).');
  });

  it('types properties from their schemas: enums as unions, type lists, required vs optional, nested objects, arrays', () => {
    const text = generate(shopPlan());
    const order = typeOf(text, 'OrderCompletedProperties');
    expect(order).toContain('\n  order_id: string;');
    expect(order).toContain('\n  total: number;');
    expect(order).toContain('\n  currency: "EUR" | "USD";');
    expect(order).toContain('\n  coupon?: string | null;');
    expect(order).toContain('\n  products?: Array<{\n    sku: string;\n    /** integer, minimum 1 */\n    quantity: number;\n  }>;');
    expect(order).toContain('\n  shipping?: {\n    method?: "standard";\n    address?: {\n      country: string;\n      [property: string]: unknown;\n    };\n  };');
    // Closed (additionalProperties: false): no index signature at the root.
    expect(order).not.toMatch(/^ {2}\[property: string\]/m);
    // patternProperties keep undeclared ($lib, …) properties allowed.
    expect(typeOf(text, 'PageviewProperties')).toContain('[property: string]: unknown;');
  });

  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: 'integer' }, 'number'],
    [{ type: ['number', 'null'] }, 'number | null'],
    [{ type: 'boolean' }, 'boolean'],
    [{ enum: ['a', 1, true, null] }, '"a" | 1 | true | null'],
    [{ type: 'string', enum: ['x"y', 'line\nbreak'] }, '"x\\"y" | "line\\nbreak"'],
    [{ const: { a: [1, 'b'] } }, '{ a: readonly [1, "b"] }'],
    [{ type: 'array', items: { type: 'string' } }, 'string[]'],
    [{ type: 'array', items: { type: ['string', 'null'] } }, 'Array<string | null>'],
    [{ type: 'array' }, 'unknown[]'],
    [{ type: 'array', prefixItems: [{ type: 'string' }] }, 'unknown[] /* prefixItems (tuples) are not typed */'],
    [{ anyOf: [{ type: 'string' }, { type: 'number' }] }, '(string | number)'],
    [{ $ref: '#/$defs/money' }, 'number'],
    [{}, 'unknown'],
    [{ description: 'no type' }, 'unknown'],
    [{ type: 'string', not: { const: 'admin' } }, 'string'],
  ])('types %j as %s', (schema, expected) => {
    const text = generate(plan(definition('E', { type: 'object', $defs: { money: { type: 'number', minimum: 0 } }, properties: { p: schema }, required: ['p'] })));
    expect(typeOf(text, 'EProperties')).toContain(`\n  p: ${expected};\n`);
  });

  it('types an anyOf of required lists at the root as a union of the object with each requirement', () => {
    const text = generate(plan(definition('Contact', { type: 'object', properties: { email: { type: 'string' }, phone: { type: 'string' } }, anyOf: [{ required: ['email'] }, { required: ['phone'] }], additionalProperties: false })));
    expect(typeOf(text, 'ContactProperties')).toBe('({\n  email: string;\n  phone?: string;\n} | {\n  email?: string;\n  phone: string;\n})');
    expect(text).toContain('properties: ContactProperties): void');
  });

  it('stops at a recursive $ref with unknown and says so', () => {
    const text = generate(plan(definition('Tree', { type: 'object', properties: { child: { $ref: '#' } } })));
    expect(typeOf(text, 'TreeProperties')).toBe('{\n  child?: {\n    child?: unknown /* recursive # */;\n    [property: string]: unknown;\n  };\n  [property: string]: unknown;\n}');
  });

  it('notes PII marks, descriptions and constraints in JSDoc, also for nested properties', () => {
    const text = generate(
      plan(
        definition(
          'Signed Up',
          {
            type: 'object',
            properties: { email: { type: 'string', description: 'Where we write.' }, user: { type: 'object', properties: { phone: { type: 'string' } } } },
          },
          { pii: [{ pointer: '/email', rule: 'HASH' }, { pointer: '/user/phone', rule: 'DROP' }] },
        ),
      ),
    );
    expect(text).toContain('  /**\n   * Where we write.\n   * PII (HASH): hashed by Fulcrum (HMAC-SHA-256) before storage.\n   */\n  email?: string;');
    expect(text).toContain('    /** PII (DROP): dropped by Fulcrum before storage. */\n    phone?: string;');
    expect(text).toContain(' * PII: /email hashed, /user/phone dropped by Fulcrum before storage.');
    expect(generate(shopPlan())).toContain('   * format "email"\n   * PII (HASH): hashed by Fulcrum (HMAC-SHA-256) before storage.\n   */\n  email?: string;');
  });

  it('leaves DEPRECATED events out and keeps PLANNED ones, saying which', () => {
    const text = generate(shopPlan());
    expect(text).not.toContain('Legacy');
    expect(text).toContain(' * Event "Signed Up", SchemaVer 1-0-0, PLANNED. */'.replace(' * ', '/** '));
    expect(text.match(/^export function /gm)).toHaveLength(3);
  });

  it('makes properties optional only when {} is valid', () => {
    const text = generate(
      plan(
        definition('A', { type: 'object', properties: { x: { type: 'string' } } }),
        definition('B', { type: 'object', properties: { x: { type: 'string' } }, required: ['x'] }),
        definition('C', { type: 'object', properties: { x: { type: 'string' } }, minProperties: 1 }),
      ),
    );
    expect(text).toContain('export function trackA(client: TrackClient, identity: TrackIdentity, properties?: AProperties): void {\n  sendTrack(client, "A", identity, properties ?? {});');
    expect(text).toContain('export function trackB(client: TrackClient, identity: TrackIdentity, properties: BProperties): void {\n  sendTrack(client, "B", identity, properties);');
    expect(text).toContain('properties: CProperties): void');
  });

  it('names colliding events apart and keeps the event name exact in the call', () => {
    const text = generate(plan(definition('order_completed', { type: 'object' }), definition('Order Completed', { type: 'object' })));
    expect(text).toContain('export function trackOrderCompleted_2(client: TrackClient, identity: TrackIdentity, properties?: OrderCompleted_2Properties): void {\n  sendTrack(client, "order_completed"');
    expect(text).toContain('export function trackOrderCompleted(client: TrackClient, identity: TrackIdentity, properties?: OrderCompletedProperties): void {\n  sendTrack(client, "Order Completed"');
  });

  it('keeps hostile names and descriptions inside their string literals and comments', () => {
    const text = generate(
      plan(
        // JSON.parse makes `__proto__` an own property, as in a document read from JSON.
        definition('__proto__', JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"},"a\\"b":{"type":"string"},"x-y":{"type":"string"}}}') as Record<string, unknown>),
        definition('constructor', { type: 'object' }, { description: 'ends */ the comment\nsecond line\u2028third' }),
        definition('say "hi"\n*/ 🎉\u2028', { type: 'object', properties: { p: { type: 'string', description: '*/ evil() /*' } } }),
      ),
    );
    expect(text).toContain('  sendTrack(client, "__proto__", identity, properties ?? {});');
    expect(text).toContain('  __proto__?: string;\n  constructor?: number;\n  "a\\"b"?: string;\n  "x-y"?: string;');
    expect(text).toContain(' * ends *\\/ the comment\n * second line\n * third\n');
    expect(text).toContain('  sendTrack(client, "say \\"hi\\"\\n*/ 🎉\\u2028", identity, properties ?? {});');
    expect(text).toContain('/** Properties of "say \\"hi\\"\\n*\\/ 🎉\\u2028" (SchemaVer 1-0-0). */');
    expect(text).toContain('  /** *\\/ evil() /* */\n  p?: string;');
    // Nothing ends a comment early: in every comment line, `*/` appears only at its end.
    for (const line of text.split('\n').map((l) => l.trim())) {
      if (line.startsWith('/**') || line.startsWith('*')) expect([-1, line.length - 2]).toContain(line.indexOf('*/'));
    }
    expect(text).toMatch(/export function trackProto\(/);
    expect(text).toMatch(/export function trackConstructor\(/);
    expect(text).toMatch(/export function trackSayHi\(/);
  });

  it('writes the client types and no sender for an empty plan', () => {
    const text = generate(plan(), 1);
    expect(text).toContain('Track functions for the tracking plan version 1: 0 events.');
    expect(text).toContain('export type TrackClient = SegmentLike | PosthogLike;');
    expect(text).not.toMatch(/^(export )?function /m);
  });
});

describe('docs/tracking-plan.md, "Codegen"', () => {
  it('shows what is generated for the plan document of the page', () => {
    const page = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'tracking-plan.md'), 'utf8');
    const documentJson = /## The plan document[\s\S]*?```json\n([\s\S]*?)```/.exec(page)?.[1];
    const example = /## Codegen[\s\S]*?```ts\n([\s\S]*?)```/.exec(page)?.[1];
    expect(documentJson).toBeDefined();
    expect(example).toBeDefined();
    const text = generateTrackingPlanModule(JSON.parse(documentJson as string) as TrackingPlanDocumentDto, { planVersion: 3 });
    expect(text).toContain(example);
  });
});
