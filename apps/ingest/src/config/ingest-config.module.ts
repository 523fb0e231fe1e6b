import { type DynamicModule, Global, Module } from '@nestjs/common';
import { INGEST_CONFIG, type IngestConfig } from './ingest.env';

@Global()
@Module({})
export class IngestConfigModule {
  static forRoot(config: IngestConfig): DynamicModule {
    return { module: IngestConfigModule, providers: [{ provide: INGEST_CONFIG, useValue: config }], exports: [INGEST_CONFIG] };
  }
}
