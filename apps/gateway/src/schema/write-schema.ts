import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, printGatewaySchema } from './schema.printer';

// `npm run schema:write`: regenerate the committed schema after changing the API on purpose.
printGatewaySchema().then(
  (sdl) => {
    writeFileSync(SCHEMA_FILE, sdl);
    console.log(`wrote ${SCHEMA_FILE}`);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
