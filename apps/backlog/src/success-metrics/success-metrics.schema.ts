import { CreateSuccessMetrics1765000011000 } from './1765000011000-create-success-metrics.migration';

/** Migrations of the success-metrics module (metrics, evaluations, live re-evaluation claims). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const SUCCESS_METRICS_MIGRATIONS: Function[] = [CreateSuccessMetrics1765000011000];
