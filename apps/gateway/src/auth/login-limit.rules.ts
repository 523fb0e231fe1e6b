/**
 * Login limits: at most `maxFailures` failed logins per key (an email, or a client address) within
 * a sliding window of `windowMs`. Failures are rows in the database (table login_failures), so the
 * limit holds across gateway replicas. An attempt is recorded *before* the password is checked and
 * dropped again when it succeeds, so concurrent guesses (on any replica) count against each other.
 * A refused attempt is not a failure: being locked out does not extend the lock.
 */
export interface LoginLimitPolicy {
  maxFailures: number;
  windowMs: number;
}

/** The key a failure is counted under. Emails are compared case-insensitively. */
export function emailLimitKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

export function addressLimitKey(address: string): string {
  return `address:${address}`;
}

/**
 * Milliseconds until one more attempt may be made, or undefined when it may be made now.
 * `failures` are the times of the other failures (and attempts in flight) under one key, any order;
 * those older than the window no longer count. The answer is the time at which enough of the oldest
 * ones leave the window for the count to drop below the limit.
 */
export function retryAfterMs(failures: readonly number[], policy: LoginLimitPolicy, now: number): number | undefined {
  const counting = failures.filter((at) => at > now - policy.windowMs).sort((a, b) => a - b);
  if (counting.length < policy.maxFailures) return undefined;
  const freedBy = counting[counting.length - policy.maxFailures] as number;
  return Math.max(1, freedBy + policy.windowMs - now);
}

/** `details.retryAfterSeconds` of a RATE_LIMITED refusal: whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
