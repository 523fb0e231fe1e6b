import { randomBytes } from 'node:crypto';
import { DomainError } from '@fulcrum/contracts';

/** Password policy: length only (no composition rules, which push people to predictable patterns). */
export const MIN_PASSWORD_LENGTH = 12;
/** Upper bound so a login cannot make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_DISPLAY_NAME_LENGTH = 200;
/** RFC 5321: 64 for the local part, 254 for the whole address in practice. */
export const MAX_EMAIL_LENGTH = 254;

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
// Local part: printable, no spaces, no "@"; domain: DNS labels (IDNs in their xn-- form), one label
// allowed so `admin@localhost` works on a laptop.
const EMAIL = new RegExp(`^[\\x21-\\x3f\\x41-\\x7e]{1,64}@${LABEL}(?:\\.${LABEL})*$`);
// C0/C1 controls and the bidirectional overrides/isolates that make a name display as something else.
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** The email as entered, trimmed; VALIDATION_FAILED (field) unless it looks like an address. */
export function validEmail(email: string, field = 'email'): string {
  const trimmed = email.trim();
  if (trimmed.length > MAX_EMAIL_LENGTH || !EMAIL.test(trimmed)) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be an email address (name@domain)`, { field });
  }
  return trimmed;
}

/** The display name trimmed; 1–200 characters without control characters. */
export function validDisplayName(displayName: string, field = 'displayName'): string {
  const trimmed = displayName.trim();
  const length = Array.from(trimmed).length;
  if (length < 1 || length > MAX_DISPLAY_NAME_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be 1-${MAX_DISPLAY_NAME_LENGTH} characters`, { field });
  }
  if (CONTROL.test(trimmed)) throw new DomainError('VALIDATION_FAILED', `${field} must not contain control characters`, { field });
  return trimmed;
}

/** A new password: 12–1024 characters (code points), anything else allowed. Never trimmed. */
export function validNewPassword(password: string, field = 'password'): string {
  const length = Array.from(password).length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters`, { field });
  }
  return password;
}

/** A generated password: 24 base64url characters (144 random bits), shown once. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The key under which emails are unique and looked up (case-insensitive, as the unique index). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
