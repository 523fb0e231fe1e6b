import { Inject, Injectable, Optional } from '@nestjs/common';
import type { TrackingPlanDocumentDto, TrackingPlanMode } from '@fulcrum/contracts';
import { TRUST_WINDOW_MAX_ENTRIES, TRUST_WINDOW_MS, TrustWindowCache, type TrustWindowCacheOptions } from '@fulcrum/persistence';
import { type CurrentPlanRow, TrackingPlanRepository } from './tracking-plan.repository';

/** A project's plan as the accept path checks events against it. */
export interface CurrentTrackingPlan {
  /** The plan version in force (events record it). */
  version: number;
  mode: TrackingPlanMode;
  /**
   * The version's document, deeply frozen. The same object is answered for as long as the version
   * stays current, so what is derived from it (a compiled plan) can be kept per document object.
   */
  document: TrackingPlanDocumentDto;
  /** The project's 32-byte secret for HASH rules (HMAC-SHA-256). Never leaves ingest; do not modify it. */
  piiSecret: Buffer;
}

/** Options of the reader's cache (a fake clock in specs); production uses the defaults. */
export const TRACKING_PLAN_READER_OPTIONS = Symbol('TRACKING_PLAN_READER_OPTIONS');

/** What the reader needs of the database (the repository; a double in the unit spec). */
export type CurrentPlanSource = Pick<TrackingPlanRepository, 'current'>;

/**
 * The hot path's view of each project's plan: `current(projectId)` is a Map lookup while the
 * answer is younger than the trust window (`TRUST_WINDOW_MS`, 500 ms, libs/persistence), then one
 * query per project (shared by concurrent callers), so a new version or mode takes effect on every
 * ingest replica within 1 s. The query reads the document only when the current version is not
 * the one held already: a new version is parsed once per replica, and an unchanged one costs a
 * query of three small columns.
 */
@Injectable()
export class TrackingPlanReader {
  private readonly cache: TrustWindowCache<CurrentTrackingPlan>;
  /** The last document read per project (refresh order, bounded like the cache). */
  private readonly documents = new Map<string, { version: number; document: TrackingPlanDocumentDto }>();
  private readonly maxEntries: number;

  constructor(
    @Inject(TrackingPlanRepository) private readonly repository: CurrentPlanSource,
    @Optional() @Inject(TRACKING_PLAN_READER_OPTIONS) options: TrustWindowCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? TRUST_WINDOW_MAX_ENTRIES;
    this.cache = new TrustWindowCache((projectId) => this.load(projectId), { trustMs: TRUST_WINDOW_MS, ...options });
  }

  /**
   * The plan in force for the project, or undefined while none is published (nothing to check
   * against, whatever the mode) or the project does not exist. Throws when the database cannot be
   * asked (an older answer is never used instead).
   */
  async current(projectId: string): Promise<CurrentTrackingPlan | undefined> {
    return (await this.cache.resolve(projectId)) ?? undefined;
  }

  /** This replica published a version or changed the mode of the project: it sees it at once (the others within the window). */
  forget(projectId: string): void {
    this.cache.forget(projectId);
  }

  private async load(projectId: string): Promise<CurrentTrackingPlan | null> {
    const held = this.documents.get(projectId);
    let row: CurrentPlanRow | null = await this.repository.current(projectId, held?.version ?? null);
    if (row && row.currentVersion !== null && row.document === null && held?.version !== row.currentVersion) {
      // What we held was replaced meanwhile by a concurrent load: ask for the document itself.
      row = await this.repository.current(projectId, null);
    }
    if (!row || row.currentVersion === null) {
      this.documents.delete(projectId);
      return null;
    }
    const document = row.document === null ? (held as { document: TrackingPlanDocumentDto }).document : deepFreeze(row.document);
    this.remember(projectId, { version: row.currentVersion, document });
    return { version: row.currentVersion, mode: row.mode, document, piiSecret: row.piiSecret };
  }

  private remember(projectId: string, entry: { version: number; document: TrackingPlanDocumentDto }): void {
    this.documents.delete(projectId);
    if (this.documents.size >= this.maxEntries) {
      const stalest = this.documents.keys().next();
      if (!stalest.done) this.documents.delete(stalest.value);
    }
    this.documents.set(projectId, entry);
  }
}

/** Freezes `value` and everything in it, without recursion (a document may nest deeply). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || Object.isFrozen(node)) continue;
    Object.freeze(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push(child);
  }
  return value;
}
