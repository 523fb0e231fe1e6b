import { Global, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ACCEPTANCE_GATE, type AcceptanceGatePort } from '../../src/items/acceptance-gate.port';
import type { LockedItem } from '../../src/items/locked-item';

/**
 * TEST FIXTURE, not production code: the acceptance gate as it answers for an item without
 * success metrics (nothing blocks; an override reason, when given, is recorded as an override).
 * The service's real gate is the success-metrics module's; the harness registers this one only
 * when asked to (`acceptanceGate: 'fixture'`), for tests of the items module alone.
 */
export class NoMetricsAcceptanceGate implements AcceptanceGatePort {
  readonly checked: Array<{ itemId: string; overrideReason: string | null }> = [];

  async check(_manager: EntityManager, item: LockedItem, overrideReason: string | null): Promise<{ overridden: boolean; detail: Record<string, unknown> }> {
    this.checked.push({ itemId: item.id, overrideReason });
    return overrideReason === null ? { overridden: false, detail: {} } : { overridden: true, detail: { metrics: [] } };
  }
}

@Global()
@Module({
  providers: [NoMetricsAcceptanceGate, { provide: ACCEPTANCE_GATE, useExisting: NoMetricsAcceptanceGate }],
  exports: [ACCEPTANCE_GATE, NoMetricsAcceptanceGate],
})
export class NoMetricsAcceptanceGateModule {}
