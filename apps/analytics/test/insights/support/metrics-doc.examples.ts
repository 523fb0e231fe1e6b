import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DOCS = join(__dirname, '..', '..', '..', '..', '..', 'docs');

/**
 * A worked example of docs/metrics.md: the events, the query and the expected answer, written once
 * in the doc (a ```json block right after `<!-- example: <name> -->`) and run by the tests, so the
 * doc cannot drift from the engine.
 */
export interface MetricsDocExample<Q = unknown, R = unknown> {
  timeZone?: string;
  events: Array<{ id?: string; event: string; distinctId: string; personId?: string; personLinkSeq?: number; timestamp: string; properties?: Record<string, unknown>; seq?: number }>;
  query: Q;
  expected: R;
}

export function metricsDocExample<Q = unknown, R = unknown>(name: string): MetricsDocExample<Q, R> {
  const files = [join(DOCS, 'metrics.md'), ...readdirSync(DOCS).filter((f) => /^metrics-.+\.md$/.test(f)).map((f) => join(DOCS, f))];
  const marker = `<!-- example: ${name} -->`;
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf(marker);
    if (at < 0) continue;
    const block = /```json\n([\s\S]*?)\n```/.exec(text.slice(at + marker.length));
    if (!block?.[1]) throw new Error(`${file}: no \`\`\`json block after ${marker}`);
    return JSON.parse(block[1]) as MetricsDocExample<Q, R>;
  }
  throw new Error(`no worked example named ${name} in docs/metrics.md`);
}
