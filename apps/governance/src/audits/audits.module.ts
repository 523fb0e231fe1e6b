import { Global, Module } from '@nestjs/common';

// TEMPORARY placeholder while the module is being written; replaced by the real module.
@Global()
@Module({})
export class AuditsModule {}
