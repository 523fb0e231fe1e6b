import { Injectable, Logger } from '@nestjs/common';
import { type CanonicalEvent, DomainError, type TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { type CompiledPiiPlan, compilePiiPlan } from '@fulcrum/tracking-plan';
import { TrackingPlanReader } from './tracking-plan.reader';

/**
 * Applies the plan's PII rules (DROP, HASH) to accepted events before they are published, so a raw
 * value marked PII never reaches JetStream, DuckDB, failed events or logs (docs/tracking-plan.md,
 * "PII before storage"). The rules apply whenever the project has a published plan, whatever its
 * mode: privacy does not wait for checking to be switched on.
 */
@Injectable()
export class EventPiiRedactor {
  /** The compiled rules per plan document object (the reader answers the same frozen object while a version holds). */
  private readonly compiled = new WeakMap<TrackingPlanDocumentDto, CompiledPiiPlan>();
  private readonly logger = new Logger('Collector');

  constructor(private readonly plans: TrackingPlanReader) {}

  /**
   * The events with the rules applied; the same array when the project has no plan. When the plan
   * cannot be read, SERVICE_UNAVAILABLE (503 with Retry-After, which the SDKs retry) and nothing of
   * the request is stored: an event is never published without the rules that may apply to it.
   */
  async redact(projectId: string, events: readonly CanonicalEvent[]): Promise<readonly CanonicalEvent[]> {
    let plan: Awaited<ReturnType<TrackingPlanReader['current']>>;
    try {
      plan = await this.plans.current(projectId);
    } catch (error) {
      this.logger.error(`Tracking plan lookup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new DomainError('SERVICE_UNAVAILABLE', "The project's tracking plan cannot be read right now; nothing of the request is stored. Retry later.");
    }
    if (!plan) return events;
    let pii = this.compiled.get(plan.document);
    if (!pii) {
      pii = compilePiiPlan(plan.document);
      this.compiled.set(plan.document, pii);
    }
    const rules = pii;
    return events.map((event) => redactEvent(event, rules, plan.piiSecret));
  }
}

/**
 * One event with the rules applied (a new object when anything changed; the input is never
 * modified). Where the rules reach:
 * - `properties`, by the definition of the event's name;
 * - identify traits by the plan's traits definition: an identify call's `properties` (Segment and
 *   native `traits`), PostHog's `$set` and `$set_once` objects in any event's properties, and
 *   Segment's `context.traits`.
 */
export function redactEvent(event: CanonicalEvent, pii: CompiledPiiPlan, secret: Buffer): CanonicalEvent {
  let properties = pii.redactEvent(event.event, event.properties, secret);
  if (event.type === 'identify') properties = pii.redactTraits(properties, secret);
  for (const key of ['$set', '$set_once']) {
    const traits = properties[key];
    if (!isPlainObject(traits)) continue;
    const redacted = pii.redactTraits(traits, secret);
    if (redacted !== traits) properties = { ...properties, [key]: redacted };
  }
  let context = event.context;
  const contextTraits = context['traits'];
  if (isPlainObject(contextTraits)) {
    const redacted = pii.redactTraits(contextTraits, secret);
    if (redacted !== contextTraits) context = { ...context, traits: redacted };
  }
  if (properties === event.properties && context === event.context) return event;
  return { ...event, properties: properties as Record<string, unknown>, context };
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
