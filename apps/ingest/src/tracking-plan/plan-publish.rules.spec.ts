import { DomainError, type EventDefinitionDto, type TrackingPlanDocumentDto, type TraitsDefinitionDto } from '@fulcrum/contracts';
import { type MislabelledDefinition, planChanges } from './plan-publish.rules';

const checkoutV1 = { type: 'object', properties: { cartId: { type: 'string' }, total: { type: 'number' } }, required: ['cartId'], additionalProperties: false };

function event(name: string, schemaVer: string, properties: Record<string, unknown> = checkoutV1, extra: Partial<EventDefinitionDto> = {}): EventDefinitionDto {
  return { name, description: '', owner: null, status: 'LIVE', schemaVer, properties, pii: [], instrumentationItemIds: [], ...extra };
}

function plan(events: EventDefinitionDto[], traits: TraitsDefinitionDto | null = null): TrackingPlanDocumentDto {
  return { events, traits };
}

function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const definitionsOf = (error: DomainError) => (error.details as { definitions: MislabelledDefinition[] }).definitions;

describe('planChanges (the publish rules)', () => {
  it('takes every definition of a first plan as NEW at 1-0-0, traits under $traits, in document order', () => {
    const traits = { schemaVer: '1-0-0', properties: { type: 'object' }, pii: [] };
    expect(planChanges(null, plan([event('Order Completed', '1-0-0'), event('Signed Up', '1-0-0')], traits))).toEqual([
      { event: 'Order Completed', from: null, to: '1-0-0', kind: 'NEW', incompatibilities: [] },
      { event: 'Signed Up', from: null, to: '1-0-0', kind: 'NEW', incompatibilities: [] },
      { event: '$traits', from: null, to: '1-0-0', kind: 'NEW', incompatibilities: [] },
    ]);
  });

  it('refuses a new definition labelled anything but 1-0-0, naming what it should be', () => {
    const error = refusal(() => planChanges(plan([event('A', '1-0-0')]), plan([event('A', '1-0-0'), event('B', '2-0-0')])));
    expect(error.code).toBe('SCHEMA_CHANGE_MISLABELLED');
    expect(error.message).toBe('"B" is new: its first SchemaVer is 1-0-0, not 2-0-0.');
    expect(definitionsOf(error)).toEqual([{ event: 'B', from: null, to: '2-0-0', labelledStep: null, kind: 'NEW', expected: '1-0-0', incompatibilities: [] }]);
  });

  it('keeps the SchemaVer of an unchanged schema, also when only annotations, the description or the status changed', () => {
    const annotated = { ...checkoutV1, description: 'A completed order', properties: { ...checkoutV1.properties, total: { type: 'number', title: 'Total' } } };
    const next = plan([event('Order Completed', '1-2-3', annotated, { description: 'now documented', status: 'DEPRECATED' })]);
    expect(planChanges(plan([event('Order Completed', '1-2-3')]), next)).toEqual([
      { event: 'Order Completed', from: '1-2-3', to: '1-2-3', kind: 'NONE', incompatibilities: [] },
    ]);
  });

  it('refuses a new SchemaVer on a schema that did not change', () => {
    const error = refusal(() => planChanges(plan([event('A', '1-0-0')]), plan([event('A', '1-0-1')])));
    expect(error.code).toBe('SCHEMA_CHANGE_MISLABELLED');
    expect(definitionsOf(error)).toEqual([{ event: 'A', from: '1-0-0', to: '1-0-1', labelledStep: 'ADDITION', kind: 'NONE', expected: '1-0-0', incompatibilities: [] }]);
  });

  it('accepts an optional property added where unknown ones were refused as an ADDITION (1-0-0 → 1-0-1), or as any bigger step', () => {
    const added = { ...checkoutV1, properties: { ...checkoutV1.properties, coupon: { type: 'string' } } };
    for (const to of ['1-0-1', '1-1-0', '2-0-0']) {
      expect(planChanges(plan([event('Order Completed', '1-0-0')]), plan([event('Order Completed', to, added)]))).toEqual([
        { event: 'Order Completed', from: '1-0-0', to, kind: 'ADDITION', incompatibilities: [] },
      ]);
    }
  });

  it('refuses a breaking change labelled as an ADDITION, naming the event, the labelled step, the kind, the incompatibilities and the version to use', () => {
    const required = { ...checkoutV1, properties: { ...checkoutV1.properties, currency: { type: 'string' } }, required: ['cartId', 'currency'] };
    const error = refusal(() => planChanges(plan([event('Order Completed', '1-0-4')]), plan([event('Order Completed', '1-0-5', required)])));
    expect(error.code).toBe('SCHEMA_CHANGE_MISLABELLED');
    expect(error.message).toBe('"Order Completed": 1-0-4 → 1-0-5 is labelled ADDITION, but the change is a MODEL: / property currency is now required; publish it as 2-0-0.');
    expect(definitionsOf(error)).toEqual([
      {
        event: 'Order Completed',
        from: '1-0-4',
        to: '1-0-5',
        labelledStep: 'ADDITION',
        kind: 'MODEL',
        expected: '2-0-0',
        incompatibilities: [{ path: '/', keyword: 'required', reach: 'ALL', message: 'property currency is now required' }],
      },
    ]);
  });

  it('refuses a REVISION labelled ADDITION and accepts it labelled REVISION', () => {
    const narrowed = { ...checkoutV1, properties: { ...checkoutV1.properties, total: { type: 'integer' } } };
    const error = refusal(() => planChanges(plan([event('A', '1-0-0')]), plan([event('A', '1-0-1', narrowed)])));
    expect(definitionsOf(error)[0]).toMatchObject({ labelledStep: 'ADDITION', kind: 'REVISION', expected: '1-1-0' });
    expect(planChanges(plan([event('A', '1-0-0')]), plan([event('A', '1-1-0', narrowed)]))[0]).toMatchObject({ kind: 'REVISION', from: '1-0-0', to: '1-1-0' });
  });

  it.each([
    ['a skipped number', '1-0-3'],
    ['a step back', '1-0-0'],
    ['lower parts not reset', '1-1-1'],
    ['two models at once', '3-0-0'],
  ])('refuses a changed schema whose label is not one step on (%s)', (_why, to) => {
    const added = { ...checkoutV1, properties: { ...checkoutV1.properties, coupon: { type: 'string' } } };
    const error = refusal(() => planChanges(plan([event('A', '1-0-1')]), plan([event('A', to, added)])));
    expect(error.code).toBe('SCHEMA_CHANGE_MISLABELLED');
    expect(definitionsOf(error)[0]).toMatchObject({ from: '1-0-1', to, labelledStep: null, kind: 'ADDITION', expected: '1-0-2' });
  });

  it('names every mislabelled definition at once, the first in the message', () => {
    const added = { ...checkoutV1, properties: { ...checkoutV1.properties, coupon: { type: 'string' } } };
    const error = refusal(() =>
      planChanges(plan([event('A', '1-0-0'), event('B', '1-0-0'), event('C', '1-0-0')]), plan([event('A', '1-0-1'), event('B', '1-0-0', added), event('C', '1-0-0'), event('D', '1-0-1')])),
    );
    expect(error.message).toBe(
      '"A": its properties schema did not change (only annotations, if anything), so it keeps SchemaVer 1-0-0, not 1-0-1 (and 2 more definitions, see details.definitions).',
    );
    // B changed but kept its SchemaVer (no step at all); C is fine; D is new but not 1-0-0.
    expect(definitionsOf(error).map((d) => [d.event, d.kind, d.labelledStep, d.expected])).toEqual([
      ['A', 'NONE', 'ADDITION', '1-0-0'],
      ['B', 'ADDITION', null, '1-0-1'],
      ['D', 'NEW', null, '1-0-0'],
    ]);
  });

  it('refuses a definition that disappears, events and traits alike, naming them (deprecate instead)', () => {
    const traits = { schemaVer: '1-0-0', properties: { type: 'object' }, pii: [] };
    const error = refusal(() => planChanges(plan([event('A', '1-0-0'), event('B', '1-0-0')], traits), plan([event('B', '1-0-0')])));
    expect(error.code).toBe('DEFINITION_REMOVED');
    expect(error.details).toEqual({ events: ['A', '$traits'] });
    expect(error.message).toContain('DEPRECATED');
    expect(planChanges(plan([event('A', '1-0-0')]), plan([event('A', '1-0-0', checkoutV1, { status: 'DEPRECATED' })]))[0]?.kind).toBe('NONE');
  });

  it('checks the traits like an event: a new traits schema at 1-0-0, a change one step on', () => {
    const before = { schemaVer: '1-0-0', properties: { type: 'object', properties: { plan: { type: 'string' } } }, pii: [] };
    const widened = { schemaVer: '1-0-1', properties: { type: 'object', properties: { plan: { type: ['string', 'null'] } } }, pii: [] };
    expect(planChanges(plan([], before), plan([], widened))).toEqual([{ event: '$traits', from: '1-0-0', to: '1-0-1', kind: 'ADDITION', incompatibilities: [] }]);
    const error = refusal(() => planChanges(plan([]), plan([], { ...before, schemaVer: '1-1-0' })));
    expect(definitionsOf(error)).toEqual([{ event: '$traits', from: null, to: '1-1-0', labelledStep: null, kind: 'NEW', expected: '1-0-0', incompatibilities: [] }]);
  });

  it('does not mistake an event called __proto__ or constructor for anything but an event', () => {
    const first = planChanges(null, plan([event('__proto__', '1-0-0'), event('constructor', '1-0-0')]));
    expect(first.map((c) => [c.event, c.kind])).toEqual([
      ['__proto__', 'NEW'],
      ['constructor', 'NEW'],
    ]);
    const error = refusal(() => planChanges(plan([event('__proto__', '1-0-0')]), plan([event('constructor', '1-0-0')])));
    expect(error.details).toEqual({ events: ['__proto__'] });
  });
});
