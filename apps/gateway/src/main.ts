import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runUntilSignalled } from '@fulcrum/messaging';
import { loadGatewayConfig } from './config/gateway.env';
import { bootstrapGateway } from './gateway.bootstrap';

runUntilSignalled('gateway', async () => {
  const running = await bootstrapGateway(loadGatewayConfig(process.env));
  new Logger('gateway').log(`GraphQL on ${running.url}/graphql (GraphiQL on ${running.url}/graphiql)`);
  return running;
});
