import { CreateRegistry1763800001000 } from './1763800001000-create-registry.migration';
import { ScopeRegistryToProjects1763900001000 } from './1763900001000-scope-registry-to-projects.migration';
import { AliasMoveEntity } from './alias-move.entity';
import { AliasEntity } from './alias.entity';
import { ModelVersionEntity } from './model-version.entity';
import { ModelEntity } from './model.entity';

/** Entities and migrations of the registry module (it owns these tables; no other module touches them). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const REGISTRY_ENTITIES: Function[] = [ModelEntity, ModelVersionEntity, AliasEntity, AliasMoveEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const REGISTRY_MIGRATIONS: Function[] = [CreateRegistry1763800001000, ScopeRegistryToProjects1763900001000];
