export { freePort } from './free-port';
export { FAIRNESS_DATASETS_DIR } from './reference-datasets';
export { makeTempDir } from './temp-dir';
export type { TempDir } from './temp-dir';
export { startTestNats } from './test-nats';
export type { TestNats } from './test-nats';
export { databaseKinds, startTestDatabase } from './test-database';
export type { DatabaseKind } from './test-database';
