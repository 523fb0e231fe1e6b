import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, runWithEnvelope, serviceEnvelope } from '@fulcrum/messaging';
import { BACKLOG_CONFIG, type BacklogConfig, DEFAULT_METRIC_REEVALUATION_INTERVAL_SECONDS } from '../config/backlog.env';
import { LiveReevaluationRepository } from './live-reevaluation.repository';
import { SuccessMetricEvaluationsService } from './success-metric-evaluations.service';

/** Items evaluated per pass; the rest wait for the next pass (oldest claims first). */
const BATCH = 50;
/** How often to look, as a share of the interval, within these bounds: due items are noticed soon after they fall due. */
const MIN_TICK_MS = 200;
const MAX_TICK_MS = 60_000;

/**
 * Live status for PMs: delivered items are re-evaluated when the analytics data version has
 * advanced, at most once per configured interval per item, acting as `service:backlog`. Each pass
 * asks analytics for the current data version (one small RPC), claims the due items and evaluates
 * them one by one; a failing item is logged and retried one interval later. Passes never overlap.
 */
@Injectable()
export class LiveReevaluationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveReevaluationScheduler.name);
  /** When passes started failing (undefined while they work): the failure is logged once per outage. */
  private failingSince: Date | undefined;
  private readonly intervalSeconds: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private closed = false;

  constructor(
    @Inject(BACKLOG_CONFIG) config: BacklogConfig,
    private readonly rpc: RpcClient,
    private readonly claims: LiveReevaluationRepository,
    private readonly evaluations: SuccessMetricEvaluationsService,
  ) {
    this.intervalSeconds = config.metricReevaluationIntervalSeconds ?? DEFAULT_METRIC_REEVALUATION_INTERVAL_SECONDS;
  }

  onApplicationBootstrap(): void {
    const tick = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, (this.intervalSeconds * 1000) / 5));
    this.timer = setInterval(() => void this.runOnce(), tick);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; resolves with how many items it evaluated (a pass already running is shared). Never throws. */
  runOnce(now: () => Date = () => new Date()): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    this.running ??= this.pass(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(now: () => Date): Promise<number> {
    let evaluated = 0;
    try {
      const { dataVersion } = await runWithEnvelope(serviceEnvelope('backlog'), () => this.rpc.request(RPC.analyticsDataVersionGet, {}));
      for (const item of await this.claims.due(dataVersion, now(), this.intervalSeconds, BATCH)) {
        if (this.closed) break;
        if (!(await this.claims.claim(item.id, dataVersion, now(), this.intervalSeconds))) continue;
        try {
          await runWithEnvelope({ ...serviceEnvelope('backlog'), projectId: item.projectId }, () => this.evaluations.evaluate(item.projectId, item.id, 'LIVE'));
          evaluated += 1;
        } catch (error) {
          this.logger.warn(`Live re-evaluation of item ${item.id} failed (retried after the interval): ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (this.failingSince !== undefined) {
        this.logger.log(`Live re-evaluation passes work again (failing since ${this.failingSince.toISOString()})`);
        this.failingSince = undefined;
      }
    } catch (error) {
      // Analytics unreachable or the database busy: the next pass tries again. Said once per
      // outage (a pass runs every few seconds), and again when passes work again.
      if (this.failingSince === undefined) {
        this.failingSince = now();
        this.logger.warn(`Live re-evaluation pass failed, retrying every pass until it works: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return evaluated;
  }
}
