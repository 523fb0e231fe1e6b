// Public surface of the launcher for system tests and benchmarks (named exports only).
export { callGraphql, retryUntil } from './graphql.caller';
export type { GraphqlResult } from './graphql.caller';
export { SERVICES, startPlatform } from './platform.launcher';
export type { PlatformOptions, RunningPlatform, ServiceName } from './platform.launcher';
export type { LocalCredentials } from './local-credentials';
