import { Module } from '@nestjs/common';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { WriteKeyAuthenticator } from './write-key.authenticator';
import { WriteKeysController } from './write-keys.controller';
import { WriteKeysRepository } from './write-keys.repository';
import { WriteKeysService } from './write-keys.service';

/** Projects and their write keys; exports the write key authenticator the collector uses. */
@Module({
  controllers: [ProjectsController, WriteKeysController],
  providers: [ProjectsRepository, ProjectsService, WriteKeysRepository, WriteKeysService, WriteKeyAuthenticator],
  exports: [ProjectsService, WriteKeyAuthenticator],
})
export class ProjectsModule {}
