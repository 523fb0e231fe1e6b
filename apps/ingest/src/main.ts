import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadIngestConfig } from './config/ingest.env';
import { bootstrapIngest } from './ingest.bootstrap';
import { runUntilSignalled } from '@fulcrum/messaging';

runUntilSignalled('ingest', async () => {
  const running = await bootstrapIngest(loadIngestConfig(process.env));
  new Logger('ingest').log(`collector listening on ${running.url}`);
  return running;
});
