import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { withRenderedMatrix } from '../auth/authorization-matrix.renderer';
import { SCHEMA_FILE, printGatewaySchema } from './schema.printer';

/** Documents that carry the rendered authorization matrix between its markers. */
const MATRIX_DOCS = ['docs/api.md', 'docs/security.md'];

// `npm run schema:write`: regenerate the committed schema (and the authorization matrix in the docs)
// after changing the API on purpose.
printGatewaySchema().then(
  (sdl) => {
    writeFileSync(SCHEMA_FILE, sdl);
    console.log(`wrote ${SCHEMA_FILE}`);
    for (const doc of MATRIX_DOCS) {
      const text = readFileSync(doc, 'utf8');
      const rendered = withRenderedMatrix(text);
      if (rendered !== text) {
        writeFileSync(doc, rendered);
        console.log(`re-rendered the authorization matrix in ${doc}`);
      }
    }
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
