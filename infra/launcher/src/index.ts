// Public surface of the launcher for system tests and benchmarks (named exports only).
export { callGraphql, retryUntil } from './graphql.caller';
export type { GraphqlResult } from './graphql.caller';
export { SERVICES, startPlatform } from './platform.launcher';
export type { PlatformOptions, ProcessName, RunningPlatform, ServiceName } from './platform.launcher';
export { MAX_REPLICAS } from './launcher.replicas';
export type { ReplicatedService } from './launcher.replicas';
export type { LocalCredentials } from './local-credentials';
