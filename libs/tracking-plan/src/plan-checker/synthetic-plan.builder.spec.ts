import { checkPlanDocument } from '../plan-document/plan-document.checks';
import { compileTrackingPlan } from './plan.checker';
import { SYNTHETIC_PLAN_SHAPE, syntheticEventName, syntheticTrackingPlan, syntheticValidProperties, syntheticViolatingProperties } from './synthetic-plan.builder';

/** The workload of the checker benchmark (bench/tracking-plan-checker.bench.ts), checked for what it claims. */
describe('the synthetic plan of 100 event types × 10 properties', () => {
  const document = syntheticTrackingPlan();
  const plan = compileTrackingPlan(document, 1);
  const secret = Buffer.alloc(32, 7);

  it('has the shape of the speed aim and passes every document check', () => {
    expect(document.events).toHaveLength(100);
    expect(new Set(document.events.map((event) => event.name)).size).toBe(100);
    for (const event of document.events) {
      expect(Object.keys(event.properties['properties'] as object)).toHaveLength(SYNTHETIC_PLAN_SHAPE.properties);
      expect(event.properties['required']).toEqual(['p0', 'p1', 'p2']);
    }
    expect(checkPlanDocument(document)).toEqual([]);
  });

  it('valid events (posthog-node shaped) have no violation, for every event type', () => {
    for (let i = 0; i < 100; i++) expect(plan.checkEvent(syntheticEventName(i), syntheticValidProperties(i * 13))).toEqual([]);
  });

  it('violating events have exactly the four documented violations, for every event type', () => {
    for (let i = 0; i < 100; i++) {
      expect(plan.checkEvent(syntheticEventName(i), syntheticViolatingProperties(i)).map((x) => `${x.code} ${x.pointer}`)).toEqual([
        'UNPLANNED_PROPERTY /coupon',
        'MISSING_REQUIRED_PROPERTY /p0',
        'NOT_IN_ENUM /p1',
        'WRONG_TYPE /p2',
      ]);
    }
  });

  it('a name outside the plan is unplanned, and p4 is hashed by the PII rules', () => {
    expect(plan.checkEvent('Synthetic Event 100', syntheticValidProperties(1))).toEqual([{ code: 'UNPLANNED_EVENT', pointer: '', expected: null, received: null }]);
    const redacted = plan.pii.redactEvent(syntheticEventName(5), syntheticValidProperties(1), secret);
    expect(redacted['p4']).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect({ ...redacted, p4: undefined }).toEqual({ ...syntheticValidProperties(1), p4: undefined });
    expect(plan.checkRedactedEvent(syntheticEventName(5), redacted)).toEqual([]);
  });
});
