import { join } from 'node:path';
import { loadLauncherOptions } from './launcher.env';
import { startPlatform } from './platform.launcher';

// `npm run up`: start everything, print where it is, stop everything on Ctrl-C / SIGTERM.
async function main(): Promise<void> {
  const rootDir = join(__dirname, '..', '..', '..', '..');
  const options = loadLauncherOptions(process.env, rootDir);
  console.log(`[launcher] starting Fulcrum (data in ${options.dataDir})`);
  const platform = await startPlatform(options);
  const c = platform.credentials;
  console.log(
    [
      '',
      'Fulcrum is running.',
      `  Ingest (Segment / PostHog / native): ${c.ingestUrls.join(', ')}`,
      `  GraphQL:                             ${c.graphqlUrls.join(', ')}   (GraphiQL: ${c.graphqlUrl.replace(/\/graphql$/, '/graphiql')})`,
      `  NATS:                                ${platform.natsUrl}`,
      `  Demo project id:                     ${c.projectId}`,
      `  Write key:                           ${c.writeKey}`,
      `  Admin API token:                     ${c.adminToken}`,
      `  Admin login:                         ${c.adminEmail}`,
      platform.adminPasswordIsNew
        ? `  Admin password (shown this once):    ${c.adminPassword}`
        : `  Admin password:                      in local.json (adminPassword)`,
      `  Saved to ${join(options.dataDir, 'local.json')}. Ctrl-C stops everything; data stays in ${options.dataDir}.`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[launcher] ${signal}: stopping all services`);
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[launcher] stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[launcher] ${(error as Error).message}`);
  process.exit(1);
});
