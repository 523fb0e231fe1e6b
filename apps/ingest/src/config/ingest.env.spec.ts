import { INGEST_RATE_LIMIT_DEFAULTS, loadIngestConfig } from './ingest.env';

describe('loadIngestConfig: rate limit per write key', () => {
  it('defaults to 20,000 events/s with a burst of 40,000', () => {
    expect(INGEST_RATE_LIMIT_DEFAULTS).toEqual({ eventsPerSecond: 20_000, burst: 40_000 });
    expect(loadIngestConfig({}).rateLimit).toEqual({ eventsPerSecond: 20_000, burst: 40_000 });
  });

  it('reads both from the environment', () => {
    const config = loadIngestConfig({ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '500', FULCRUM_INGEST_RATE_LIMIT_BURST: '750' });
    expect(config.rateLimit).toEqual({ eventsPerSecond: 500, burst: 750 });
  });

  it('makes the burst twice the rate given when only the rate is set', () => {
    expect(loadIngestConfig({ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '100' }).rateLimit).toEqual({ eventsPerSecond: 100, burst: 200 });
    // Never a default above the largest accepted value.
    expect(loadIngestConfig({ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '900000000' }).rateLimit).toEqual({
      eventsPerSecond: 900_000_000,
      burst: 1_000_000_000,
    });
  });

  it('accepts a burst below the rate (a bucket smaller than one second of refill)', () => {
    expect(loadIngestConfig({ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '1000', FULCRUM_INGEST_RATE_LIMIT_BURST: '10' }).rateLimit).toEqual({
      eventsPerSecond: 1000,
      burst: 10,
    });
  });

  it.each([
    [{ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '0' }, /FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND must be a positive integer, got "0"/],
    [{ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '1e3' }, /FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND must be a positive integer, got "1e3"/],
    [{ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '-5' }, /FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND must be a positive integer, got "-5"/],
    [{ FULCRUM_INGEST_RATE_LIMIT_BURST: '2.5' }, /FULCRUM_INGEST_RATE_LIMIT_BURST must be a positive integer, got "2.5"/],
    [{ FULCRUM_INGEST_RATE_LIMIT_BURST: '1000000001' }, /FULCRUM_INGEST_RATE_LIMIT_BURST must be at most 1000000000, got "1000000001"/],
    [{ FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '99999999999999999999' }, /FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND must be at most 1000000000/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadIngestConfig(env)).toThrow(message);
  });
});
