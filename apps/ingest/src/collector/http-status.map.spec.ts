import { ERROR_CODES } from '@fulcrum/contracts';
import { httpStatusFor } from './http-status.map';

describe('httpStatusFor', () => {
  it('never answers 5xx for a client mistake', () => {
    const ours = new Set(['BROKER_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'INTERNAL']);
    for (const code of ERROR_CODES) {
      for (const door of ['native', 'segment', 'posthog'] as const) {
        // The one deliberate exception: see the next case.
        if (code === 'RATE_LIMITED' && door === 'posthog') continue;
        const status = httpStatusFor(code, door);
        expect(ours.has(code) ? status >= 500 : status >= 400 && status < 500).toBe(true);
      }
    }
  });

  it('answers RATE_LIMITED with a status each SDK family retries: 429, and 503 at the PostHog door (posthog-js never retries a 4xx)', () => {
    expect(httpStatusFor('RATE_LIMITED', 'native')).toBe(429);
    expect(httpStatusFor('RATE_LIMITED', 'segment')).toBe(429);
    expect(httpStatusFor('RATE_LIMITED', 'posthog')).toBe(503);
  });

  it('answers 401 for write key problems and 503 for a broker outage', () => {
    expect(httpStatusFor('WRITE_KEY_INVALID', 'segment')).toBe(401);
    expect(httpStatusFor('BROKER_UNAVAILABLE', 'native')).toBe(503);
  });

  it('answers 413 to PostHog for an oversized body (its SDK halves the batch), 400 elsewhere', () => {
    expect(httpStatusFor('BODY_TOO_LARGE', 'posthog')).toBe(413);
    expect(httpStatusFor('BODY_TOO_LARGE', 'segment')).toBe(400);
    expect(httpStatusFor('BODY_TOO_LARGE', 'native')).toBe(400);
  });
});
