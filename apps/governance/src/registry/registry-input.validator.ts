import { DomainError, type RegisterModelRequest, type RegisterModelVersionRequest, type SetAliasRequest } from '@fulcrum/contracts';

/**
 * Checks beyond the JSON schemas (which ran in the RPC pipe): no blank names, unique feature
 * names, no NUL characters (PostgreSQL text and jsonb cannot store them). Returns the request
 * with model name and owner trimmed.
 *
 * Deliberately NOT refused here, because the audit rules report them with their legal reference
 * (a registry that refused them would hide the gap instead of documenting it):
 * - SPECIAL_CATEGORY features without `specialCategoryGround` (rule gdpr-art-9, GDPR Art. 9(2));
 * - solely automated significant decisions without `automatedDecisionBasis` (rule gdpr-art-22).
 */
export function validateRegisterModel(request: RegisterModelRequest): RegisterModelRequest {
  assertNoNul(request);
  return {
    ...request,
    name: nonBlank(request.name, 'name').trim(),
    owner: nonBlank(request.owner, 'owner').trim(),
  };
}

export function validateRegisterVersion(request: RegisterModelVersionRequest): RegisterModelVersionRequest {
  assertNoNul(request);
  for (const field of ['name', 'version', 'source'] as const) nonBlank(request.trainingDataset[field], `trainingDataset.${field}`);
  const seen = new Set<string>();
  request.features.forEach((feature, index) => {
    nonBlank(feature.name, `features.${index}.name`);
    if (seen.has(feature.name)) {
      throw new DomainError('VALIDATION_FAILED', `feature name "${feature.name}" appears more than once`, { field: `features.${index}.name` });
    }
    seen.add(feature.name);
  });
  request.purposes.forEach((purpose, index) => nonBlank(purpose, `purposes.${index}`));
  return request;
}

export function validateSetAlias(request: SetAliasRequest): SetAliasRequest {
  assertNoNul(request);
  nonBlank(request.reason, 'reason');
  if (request.gateOverrideReason !== undefined && request.gateOverrideReason !== null) nonBlank(request.gateOverrideReason, 'gateOverrideReason');
  return request;
}

function nonBlank(value: string, field: string): string {
  if (value.trim().length === 0) throw new DomainError('VALIDATION_FAILED', `${field} must not be blank`, { field });
  return value;
}

function assertNoNul(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new DomainError('VALIDATION_FAILED', `${path || '(root)'} contains a NUL character`, { field: path });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoNul(item, path ? `${path}.${index}` : String(index)));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) assertNoNul(item, path ? `${path}.${key}` : key);
  }
}
