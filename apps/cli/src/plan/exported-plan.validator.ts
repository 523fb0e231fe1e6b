import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { TRAITS_DEFINITION_NAME, type TrackingPlanDocumentDto, trackingPlanDocumentSchema } from '@fulcrum/contracts';
import { checkPlanDocument } from '@fulcrum/tracking-plan';

// The services' settings for contract schemas (libs/messaging json-schema.validator): strict, never coercing.
const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false, useDefaults: false });
addFormats(ajv);
const validateDocument = ajv.compile(trackingPlanDocumentSchema);

/**
 * Checks that `value` is a tracking plan document as `exportTrackingPlan` answers it: the shape
 * of `trackingPlanDocumentSchema`, no event called `$traits`, and the semantic checks a publish
 * applies (`checkPlanDocument`: names once, object schemas that compile, known PII pointers).
 * Answers the document, or the reason it is not one.
 */
export function checkTrackingPlanDocument(value: unknown): { document: TrackingPlanDocumentDto } | { error: string } {
  if (!validateDocument(value)) {
    const first = validateDocument.errors?.[0];
    const at = first?.instancePath ? first.instancePath : '(root)';
    const extra = first?.keyword === 'additionalProperties' ? ` (${String(first.params['additionalProperty'])})` : '';
    return { error: `not a tracking plan document: ${at} ${first?.message ?? 'is invalid'}${extra}` };
  }
  const document = value as TrackingPlanDocumentDto;
  const reserved = document.events.findIndex((event) => event.name === TRAITS_DEFINITION_NAME);
  if (reserved >= 0) return { error: `not a tracking plan document: /events/${reserved}/name ${TRAITS_DEFINITION_NAME} names the traits definition` };
  const problems = checkPlanDocument(document);
  if (problems.length > 0) {
    const listed = problems.slice(0, 5).map((p) => `${p.path}: ${p.code}: ${p.message}`);
    const more = problems.length > 5 ? [`… and ${problems.length - 5} more`] : [];
    return { error: ['not a valid tracking plan document:', ...listed, ...more].join('\n  ') };
  }
  return { document };
}
