import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * GraphiQL and React served from node_modules (no CDN: the platform must work offline).
 * Only these files can be served; the name in the URL is looked up, never used as a path.
 */
const ASSETS: Readonly<Record<string, { pkg: string; file: string; type: string }>> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
};

/** Packages' `exports` maps hide their UMD files from require.resolve: locate the package folder instead. */
function assetPath(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

const cache = new Map<string, Buffer>();

export function graphiqlAsset(name: string): { body: Buffer; type: string } | undefined {
  const asset = ASSETS[name];
  if (!asset) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(assetPath(asset.pkg, asset.file));
    cache.set(name, body);
  }
  return { body, type: asset.type };
}

export function graphiqlPage(graphqlPath: string): string {
  const base = '/graphiql/assets';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Fulcrum GraphiQL</title>
  <link rel="stylesheet" href="${base}/graphiql.min.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${base}/react.production.min.js"></script>
  <script src="${base}/react-dom.production.min.js"></script>
  <script src="${base}/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(graphqlPath)} });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultEditorToolsVisibility: 'headers',
        headers: JSON.stringify({ Authorization: 'Bearer <your API token>' }, null, 2),
        defaultQuery: '{\\n  me { user { email } memberships { projectId roles } }\\n  projects { nodes { id name created } }\\n}\\n',
      }),
    );
  </script>
</body>
</html>`;
}
