import { BACKLOG_LIMITS, DomainError, hasControlCharacter, isWellFormedText } from '@fulcrum/contracts';

/**
 * What the request schemas cannot say about item text. Everything is stored as PostgreSQL text,
 * which cannot hold NUL, and a lone UTF-16 surrogate would not survive UTF-8 unchanged, so both are
 * refused (VALIDATION_FAILED naming the field) rather than altered or failed in the database.
 */

function refuse(field: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field} ${message}`, { field, ...details });
}

/** Storable as PostgreSQL text exactly as sent: no NUL, no lone surrogate. */
export function assertStorable(field: string, value: string): void {
  if (value.includes('\u0000')) throw refuse(field, 'contains a NUL character');
  if (!isWellFormedText(value)) throw refuse(field, 'is not well-formed Unicode (a lone surrogate)');
}

/** Trimmed; 1–300 characters, one line (no control characters). */
export function normaliseTitle(title: string): string {
  assertStorable('title', title);
  const trimmed = title.trim();
  if (trimmed.length === 0) throw refuse('title', 'is blank');
  if (trimmed.length > BACKLOG_LIMITS.maxTitleLength) throw refuse('title', `is longer than ${BACKLOG_LIMITS.maxTitleLength} characters`);
  if (hasControlCharacter(trimmed)) throw refuse('title', 'contains a control character');
  return trimmed;
}

/** Stored exactly as sent (Markdown): at most 64 KiB of UTF-8. */
export function checkDescription(description: string): string {
  assertStorable('description', description);
  const bytes = Buffer.byteLength(description, 'utf8');
  if (bytes > BACKLOG_LIMITS.maxDescriptionBytes) {
    throw refuse('description', `is ${bytes} bytes of UTF-8, more than ${BACKLOG_LIMITS.maxDescriptionBytes}`, { bytes, max: BACKLOG_LIMITS.maxDescriptionBytes });
  }
  return description;
}

/** Trimmed and lower-cased; a label given twice (after that) counts once; order of first mention kept. */
export function normaliseLabels(labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of labels) {
    assertStorable('labels', raw);
    const label = raw.trim().toLowerCase();
    if (label.length === 0) throw refuse('labels', 'contains a blank label');
    if (label.length > BACKLOG_LIMITS.maxLabelLength) throw refuse('labels', `contains a label longer than ${BACKLOG_LIMITS.maxLabelLength} characters`);
    if (hasControlCharacter(label)) throw refuse('labels', 'contains a control character');
    if (!out.includes(label)) out.push(label);
  }
  if (out.length > BACKLOG_LIMITS.maxLabels) throw refuse('labels', `has more than ${BACKLOG_LIMITS.maxLabels} labels`);
  return out;
}

/** Owner ids in canonical lower case, each once. */
export function normaliseOwners(owners: readonly string[]): string[] {
  const out: string[] = [];
  for (const owner of owners.map((o) => o.toLowerCase())) if (!out.includes(owner)) out.push(owner);
  return out;
}

/** A free-text filter or other short user text: storable and without control characters. */
export function checkFilterText(field: string, value: string): string {
  assertStorable(field, value);
  if (hasControlCharacter(value)) throw refuse(field, 'contains a control character');
  return value;
}
