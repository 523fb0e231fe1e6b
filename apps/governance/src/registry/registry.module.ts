import { Global, Module } from '@nestjs/common';
import { AliasService } from './alias.service';
import { RegistryController } from './registry.controller';
import { RegistryReader } from './registry-reader.port';
import { RegistryRepository } from './registry.repository';
import { RegistryService } from './registry.service';
import { UnscopedModelsAdopter } from './unscoped-models.adopter';

/** The model registry; other modules read it only through RegistryReader. */
@Global()
@Module({
  controllers: [RegistryController],
  providers: [RegistryRepository, RegistryService, AliasService, UnscopedModelsAdopter, { provide: RegistryReader, useExisting: RegistryService }],
  exports: [RegistryReader, UnscopedModelsAdopter],
})
export class RegistryModule {}
