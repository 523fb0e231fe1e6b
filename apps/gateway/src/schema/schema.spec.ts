import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_FILE, printGatewaySchema } from './schema.printer';

describe('committed GraphQL schema', () => {
  it('matches the schema the resolvers produce (run `npm run schema:write` after an intended change)', async () => {
    const committed = readFileSync(join(__dirname, '../../../..', SCHEMA_FILE), 'utf8');
    expect(await printGatewaySchema()).toBe(committed);
  });
});
