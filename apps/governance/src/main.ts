import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runUntilSignalled } from '@fulcrum/messaging';
import { loadGovernanceConfig } from './config/governance.env';
import { bootstrapGovernance } from './governance.bootstrap';

runUntilSignalled('governance', async () => {
  const running = await bootstrapGovernance(loadGovernanceConfig(process.env));
  new Logger('governance').log('listening on NATS');
  return running;
});
