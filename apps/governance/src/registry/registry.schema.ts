/** Entities and migrations of the registry module (it owns these tables; no other module touches them). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const REGISTRY_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const REGISTRY_MIGRATIONS: Function[] = [];
