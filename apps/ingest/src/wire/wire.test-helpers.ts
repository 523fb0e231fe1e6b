// Shared by the wire specs (test code only: excluded from the build).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@fulcrum/contracts';
import type { WireContext } from './wire-context';

export const FIXTURE_RECEIVED_AT = '2026-11-21T17:07:43.000Z';

/** Raw bytes of a fixture recorded from an official SDK (see fixtures/). */
export const rawFixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));

export const jsonFixture = (name: string): Record<string, unknown> => JSON.parse(rawFixture(name).toString('utf8'));

/** A wire context with a fixed receive time and predictable generated ids (`gen-1`, `gen-2`, …). */
export function wireContext(receivedAt = FIXTURE_RECEIVED_AT): WireContext {
  let n = 0;
  return { projectId: 'proj_1', receivedAt: new Date(receivedAt), newId: () => `gen-${++n}` };
}

/** The DomainError `fn` throws; fails the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error: unknown) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
