import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runUntilSignalled } from '@fulcrum/messaging';
import { bootstrapAnalytics } from './analytics.bootstrap';
import { loadAnalyticsConfig } from './config/analytics.env';

runUntilSignalled('analytics', async () => {
  const config = loadAnalyticsConfig(process.env);
  const running = await bootstrapAnalytics(config);
  new Logger('analytics').log(`consuming events into ${config.duckdbPath}`);
  return running;
});
