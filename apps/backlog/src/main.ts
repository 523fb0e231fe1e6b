import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runUntilSignalled } from '@fulcrum/messaging';
import { bootstrapBacklog } from './backlog.bootstrap';
import { loadBacklogConfig } from './config/backlog.env';

runUntilSignalled('backlog', async () => {
  const running = await bootstrapBacklog(loadBacklogConfig(process.env));
  new Logger('backlog').log('listening on NATS');
  return running;
});
