/**
 * The collector's first promise, checked end to end: "a 2xx means the event is persisted and
 * will be counted, exactly once". Used by the system test (a few thousand requests) and by
 * `npm run fuzz:ingest` (as many as asked).
 *
 * 1. Send `requests` requests (hostile-payload.arbitraries.ts, request i derived from the seed and
 *    i alone) over real HTTP, `concurrency` at a time. Every answer must be a 2xx with the door's
 *    success body, or a 4xx with `{ error: { code, message } }`, a collector code and its status.
 *    5xx answers, dropped connections and other bodies break the invariant. Requests the docs say
 *    must be accepted (or refused, or answered 401) are checked too.
 * 2. Wait until analytics has applied everything on the stream, stop analytics, and read its DuckDB
 *    file read-only: the ids stored for the project, and the messages it set aside.
 * 3. Reconcile by id. Each event id starts with a token unique to (run, request, event); events
 *    whose id the collector generates carry the token as `fz` in context or properties. Every
 *    event of an acknowledged request must be stored exactly once, under the id that was sent.
 *    No event of a refused request may be stored, and neither may a decoy (an id overridden by a
 *    duplicate JSON key). Lost events are traced to their cause: set aside by analytics
 *    (rejected_messages or rejected_events, with the reason), on the stream but never applied, on
 *    the stream and applied yet not stored, or never published; analytics' warnings are quoted.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { connect } from 'nats';
import { STREAMS } from '@fulcrum/contracts';
import { type RunningPlatform, callGraphql } from '@fulcrum/launcher';
import {
  ALL_ROUTES,
  type Expectation,
  type RenderedRequest,
  type RunContext,
  Slot,
  renderRequest,
  requestSpecAt,
  serialize,
} from './hostile-payload.arbitraries';

// ---------------------------------------------------------------------------------------------
// Target and options
// ---------------------------------------------------------------------------------------------

/** A running platform, as the runner needs it. */
export interface FuzzTarget {
  ingestUrl: string;
  writeKey: string;
  projectId: string;
  natsUrl: string;
  duckdbPath: string;
  /** analytics' log, quoted (warnings and errors) when events are missing. */
  analyticsLog?: string;
  /** Resolves once analytics has applied everything on the stream; rejects when it does not in time. */
  settle(timeoutMs: number): Promise<unknown>;
  /** Stops analytics (and only it), so its DuckDB file can be opened. */
  stopAnalytics(): Promise<void>;
  /** Restarts of each supervised process so far (a restart is a crash). */
  restarts(): Record<string, number>;
}

export interface FuzzOptions {
  requests: number;
  seed: number;
  concurrency: number;
  requestTimeoutMs?: number;
  settleTimeoutMs?: number;
  /** Called about every `progressEveryMs` with one line. */
  progress?: (line: string) => void;
  progressEveryMs?: number;
  /** Most examples listed per finding. */
  maxExamples?: number;
}

/** The target of a platform started with `startPlatform` (data in `dataDir`, DuckDB at its default place). */
export function targetFromPlatform(platform: RunningPlatform, dataDir: string, settle?: (timeoutMs: number) => Promise<unknown>): FuzzTarget {
  const { ingestUrl, writeKey, projectId, graphqlUrl, adminToken } = platform.credentials;
  return {
    ingestUrl,
    writeKey,
    projectId,
    natsUrl: platform.natsUrl,
    duckdbPath: `${dataDir}/analytics.duckdb`,
    analyticsLog: `${dataDir}/logs/analytics.log`,
    settle: settle ?? ((timeoutMs) => settleByDataVersion(platform.natsUrl, graphqlUrl, adminToken, projectId, timeoutMs)),
    async stopAnalytics() {
      const analytics = platform.processes.get('analytics');
      analytics?.markStopping();
      await analytics?.stop();
    },
    restarts: () => Object.fromEntries([...platform.processes].map(([name, p]) => [name, p.restarts])),
  };
}

/** Waits until the catalog's data version reaches the last position of the events stream. */
export async function settleByDataVersion(natsUrl: string, graphqlUrl: string, adminToken: string, projectId: string, timeoutMs: number): Promise<string> {
  const nc = await connect({ servers: natsUrl });
  let target: string;
  try {
    target = String((await (await nc.jetstreamManager()).streams.info(STREAMS.events.name)).state.last_seq);
  } finally {
    await nc.close();
  }
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    const res = await callGraphql<{ eventCatalog: { dataVersion: string } }>(graphqlUrl, adminToken, 'query($p: ID!) { eventCatalog(projectId: $p) { dataVersion } }', {
      p: projectId,
    }).catch(() => undefined);
    last = res?.data?.eventCatalog.dataVersion ?? last;
    if (last === target) return target;
    if (Date.now() > deadline) throw new Error(`data version did not reach ${target} within ${timeoutMs} ms (last: ${last})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/** Four base-36 characters from the seed: every token of the run starts with `F<tag>-`. */
export function runTagFor(seed: number): string {
  return ((seed >>> 0) % 36 ** 4).toString(36).padStart(4, '0');
}

function tokenFor(tag: string, request: number, slot: number, decoy: boolean): string {
  return `F${tag}-${request}-${slot}${decoy ? 'd' : ''}.`;
}

const TOKEN_AT_START = /^F([0-9a-z]{4})-(\d+)-(\d+)(d?)\./;
const TOKEN_ANYWHERE = /F[0-9a-z]{4}-\d+-\d+d?\./g;

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

interface Answer {
  status?: number;
  body?: string;
  /** Transport failure: reset, closed without an answer, timeout. */
  error?: string;
  retriedReset?: boolean;
}

/** Sends raw bytes over keep-alive connections (and over a raw socket when a header needs it). */
class CollectorClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    sockets: number,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  async send(r: RenderedRequest): Promise<Answer> {
    if (r.raw) return this.sendRaw(r);
    const first = await this.sendHttp(r, this.agent);
    // A keep-alive socket the server closed just as we reused it: Node's documented race. The
    // request never reached the server; send it once more on a new connection (same ids, so
    // a duplicate would be harmless anyway).
    if (first.error && first.retriedReset) return { ...(await this.sendHttp(r, false)), retriedReset: true };
    return first;
  }

  close(): void {
    this.agent.destroy();
  }

  private sendHttp(r: RenderedRequest, agent: http.Agent | false): Promise<Answer> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = Object.fromEntries(r.headers);
      if (r.method !== 'GET' || r.body.length > 0) headers['content-length'] = String(r.body.length);
      let settled = false;
      const done = (a: Answer): void => {
        if (settled) return;
        settled = true;
        resolve(a);
      };
      let req: http.ClientRequest;
      try {
        req = http.request({ host: this.host, port: this.port, method: r.method, path: r.path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => done({ status: res.statusCode, error: `response: ${e.message}` }));
        });
      } catch (e) {
        done({ error: `could not send: ${(e as Error).message}` });
        return;
      }
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => done({ error: `${e.code ?? ''} ${e.message}`.trim(), retriedReset: agent !== false && req.reusedSocket && e.code === 'ECONNRESET' }));
      req.end(r.body);
    });
  }

  /** For headers the `http` module refuses (NUL, control bytes): one request per connection. */
  private sendRaw(r: RenderedRequest): Promise<Answer> {
    return new Promise((resolve) => {
      const socket = net.connect(this.port, this.host);
      const chunks: Buffer[] = [];
      let settled = false;
      const done = (a: Answer): void => {
        if (settled) return;
        settled = true;
        socket.destroy();
        resolve(a);
      };
      const head = [
        `${r.method} ${r.path} HTTP/1.1`,
        `host: ${this.host}:${this.port}`,
        'connection: close',
        `content-length: ${r.body.length}`,
        ...r.headers.map(([k, v]) => `${k}: ${v}`),
        '',
        '',
      ].join('\r\n');
      socket.setTimeout(this.timeoutMs, () => done({ error: `no answer within ${this.timeoutMs} ms` }));
      // write, not end: a half-closed connection is dropped by Node's HTTP server before it answers
      // (and real clients don't half-close). `connection: close` ends it after the answer.
      socket.on('connect', () => socket.write(Buffer.concat([Buffer.from(head, 'utf8'), r.body])));
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', (e: NodeJS.ErrnoException) => {
        const parsed = parseRawResponse(Buffer.concat(chunks));
        done(parsed ?? { error: `${e.code ?? ''} ${e.message}`.trim() });
      });
      socket.on('close', () => done(parseRawResponse(Buffer.concat(chunks)) ?? { error: 'connection closed without an answer' }));
    });
  }
}

function parseRawResponse(bytes: Buffer): Answer | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) return { error: `not an HTTP answer: ${JSON.stringify(lines[0]?.slice(0, 80))}` };
  const headers = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  let body = bytes.subarray(end + 4);
  if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = body.indexOf('\r\n', at);
      if (eol < 0) break;
      const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (headers.has('content-length')) {
    body = body.subarray(0, Number(headers.get('content-length')));
  }
  return { status: Number(m[1]), body: body.toString('utf8') };
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/** The codes a collector may answer a client mistake with, and their status (docs/ingest.md, docs/architecture.md). */
const CLIENT_CODES: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  BODY_NOT_JSON: 400,
  BODY_TOO_LARGE: 400,
  EVENT_TOO_LARGE: 400,
  UNSUPPORTED_ENCODING: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  WRITE_KEY_MISSING: 401,
  WRITE_KEY_INVALID: 401,
  NOT_FOUND: 404,
  /** Over the write key's rate limit: nothing of the request was persisted (docs/ingest.md). */
  RATE_LIMITED: 429,
};

function statusFor(code: string, door: RenderedRequest['door']): number | undefined {
  if (door === 'posthog' && code === 'BODY_TOO_LARGE') return 413;
  // posthog-js never retries a 429, so the PostHog door answers a rate limit with 503 (docs/ingest.md).
  if (door === 'posthog' && code === 'RATE_LIMITED') return 503;
  return CLIENT_CODES[code];
}

type Outcome = 'acked' | 'refused' | 'unknown';

export type Category =
  | 'transport'
  | 'server-error'
  | 'uncoded-answer'
  | 'bad-success-body'
  | 'valid-refused'
  | 'invalid-accepted'
  | 'wrong-auth-answer'
  | 'lost'
  | 'phantom'
  | 'duplicated'
  | 'altered-id'
  | 'unattributed'
  | 'not-settled'
  | 'crashed';

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  transport: 'dropped connections, resets, timeouts (no HTTP answer)',
  'server-error': '5xx answers',
  'uncoded-answer': 'answers that are neither a 2xx nor a coded 4xx ({ error: { code, message } }, known code, its status)',
  'bad-success-body': '2xx answers without the door\'s success body ({accepted: n}, {success: true}, {status: 1})',
  'valid-refused': 'requests the docs say must be accepted, refused',
  'invalid-accepted': 'requests the docs say must be refused, accepted',
  'wrong-auth-answer': 'bad write keys not answered 401 WRITE_KEY_MISSING/WRITE_KEY_INVALID',
  lost: 'acknowledged events not stored',
  phantom: 'events stored although their request was refused (or a decoy id overridden by a duplicate key)',
  duplicated: 'events stored more than once',
  'altered-id': 'events stored under another id than the one sent',
  unattributed: 'stored events that belong to no request of the run',
  'not-settled': 'analytics did not apply the whole stream in time',
  crashed: 'services that died and were restarted during the run',
};

interface Judgement {
  outcome: Outcome;
  code?: string;
  findings: Array<{ category: Category; detail: string }>;
}

/** Judges one answer against the contract and against what the docs say about this request. */
export function judge(r: RenderedRequest, a: Answer): Judgement {
  const findings: Judgement['findings'] = [];
  if (a.status === undefined) return { outcome: 'unknown', findings: [{ category: 'transport', detail: a.error ?? 'no answer' }] };
  const status = a.status;
  let parsed: unknown;
  let json = true;
  try {
    parsed = JSON.parse(a.body ?? '');
  } catch {
    json = false;
  }
  const excerpt = clip(a.body ?? '', 200);
  if (status >= 200 && status < 300) {
    if (!json || !isSuccessBody(r, parsed)) findings.push({ category: 'bad-success-body', detail: `${status} ${excerpt}` });
    if (r.expect === 'refuse' || r.expect === 'unauthorized') findings.push({ category: 'invalid-accepted', detail: `${status} ${excerpt}` });
    return { outcome: 'acked', findings };
  }
  if (status >= 500) return { outcome: 'unknown', findings: [{ category: 'server-error', detail: `${status} ${excerpt}` }] };
  const error = json && isObject(parsed) && isObject(parsed['error']) ? parsed['error'] : undefined;
  const code = typeof error?.['code'] === 'string' ? error['code'] : undefined;
  if (status < 400 || !error || code === undefined || typeof error['message'] !== 'string' || statusFor(code, r.door) !== status) {
    findings.push({ category: 'uncoded-answer', detail: `${status} ${json ? excerpt : `(not JSON) ${excerpt}`}` });
  }
  if (status < 400) return { outcome: 'unknown', code, findings };
  if (r.expect === 'accept') findings.push({ category: 'valid-refused', detail: `${status} ${excerpt}` });
  if (r.expect === 'unauthorized' && !(status === 401 && (code === 'WRITE_KEY_MISSING' || code === 'WRITE_KEY_INVALID'))) {
    findings.push({ category: 'wrong-auth-answer', detail: `${status} ${excerpt}` });
  }
  return { outcome: 'refused', code, findings };
}

function isSuccessBody(r: RenderedRequest, body: unknown): boolean {
  if (!isObject(body)) return false;
  const keys = Object.keys(body);
  switch (r.door) {
    case 'native':
      return keys.length === 1 && body['accepted'] === r.events.length;
    case 'segment':
      return keys.length === 1 && body['success'] === true;
    case 'posthog':
      return keys.length === 1 && body['status'] === 1;
    default:
      return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Short, printable, with lone surrogates and control characters escaped. */
export function clip(s: string, max: number): string {
  const shown = JSON.stringify(s.length > max ? s.slice(0, max) : s).slice(1, -1);
  return s.length > max ? `${shown}… (${s.length} chars)` : shown;
}

// ---------------------------------------------------------------------------------------------
// Run state
// ---------------------------------------------------------------------------------------------

interface RequestRecord {
  route: string;
  door: RenderedRequest['door'];
  outcome: Outcome;
  status?: number;
  code?: string;
  expect: Expectation;
  tags: string[];
  events: number;
  /** Slots whose id differs from the token (suffix, padding) or is absent/invalid: slot → sent id ('' = none). */
  ids?: Map<number, string>;
  eventTags?: Map<number, string[]>;
  decoys?: string[];
}

export interface Example {
  request: number;
  route: string;
  detail: string;
}

export interface CauseGroup {
  cause: string;
  events: number;
  requests: number;
  /** Tags of the requests that lost events, most frequent first. */
  tags: Array<[string, number]>;
  examples: Example[];
}

export interface InvariantReport {
  seed: number;
  runTag: string;
  requests: number;
  concurrency: number;
  sendMs: number;
  settleMs: number;
  totalMs: number;
  requestsPerSecond: number;
  settled: boolean;
  byStatus: Record<string, number>;
  byDoor: Record<string, { requests: number; acked: number; refused: number; unknown: number }>;
  byRoute: Record<string, number>;
  byCode: Record<string, number>;
  byExpectation: Record<string, number>;
  events: {
    acknowledged: number;
    refused: number;
    unknownOutcome: number;
    unknownOutcomeStored: number;
    decoys: number;
    storedRows: number;
    storedDistinctIds: number;
    /** Rows in rejected_messages and rejected_events (whole messages, single events set aside). */
    rejectedMessages: number;
  };
  transportRetries: number;
  restarts: Record<string, number>;
  counts: Record<Category, number>;
  examples: Record<Category, Example[]>;
  lostCauses: CauseGroup[];
  /** Distinct warnings and errors of analytics (digits elided), most frequent first, when events are missing. */
  analyticsLog: string[];
  missingRoutes: string[];
  ok: boolean;
}

class RunState {
  readonly records: RequestRecord[] = [];
  readonly counts = Object.fromEntries(Object.keys(CATEGORY_TITLES).map((c) => [c, 0])) as Record<Category, number>;
  readonly examples = Object.fromEntries(Object.keys(CATEGORY_TITLES).map((c) => [c, [] as Example[]])) as Record<Category, Example[]>;
  readonly byStatus: Record<string, number> = {};
  readonly byRoute: Record<string, number> = {};
  readonly byCode: Record<string, number> = {};
  readonly byExpectation: Record<string, number> = {};
  readonly byDoor: InvariantReport['byDoor'] = {};
  retries = 0;

  constructor(private readonly maxExamples: number) {}

  finding(category: Category, example: Example): void {
    this.counts[category] += 1;
    if (this.examples[category].length < this.maxExamples) this.examples[category].push(example);
  }

  record(index: number, r: RenderedRequest, a: Answer, tokenOf: (slot: number) => string): void {
    const j = judge(r, a);
    const route = `${r.method} ${r.path.split('?')[0]}`;
    if (a.retriedReset) this.retries += 1;
    for (const f of j.findings) this.finding(f.category, { request: index, route, detail: `${f.detail} — ${describeRequest(r)}` });
    const statusKey = a.status === undefined ? 'no answer' : String(a.status);
    this.byStatus[statusKey] = (this.byStatus[statusKey] ?? 0) + 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    this.byExpectation[r.expect] = (this.byExpectation[r.expect] ?? 0) + 1;
    if (j.code) this.byCode[j.code] = (this.byCode[j.code] ?? 0) + 1;
    const door = (this.byDoor[r.door] ??= { requests: 0, acked: 0, refused: 0, unknown: 0 });
    door.requests += 1;
    door[j.outcome] += 1;
    const rec: RequestRecord = { route, door: r.door, outcome: j.outcome, status: a.status, code: j.code, expect: r.expect, tags: r.tags, events: r.events.length };
    r.events.forEach((e, slot) => {
      if (e.sentId !== tokenOf(slot)) (rec.ids ??= new Map()).set(slot, e.sentId ?? '');
      if (e.tags.length > 0) (rec.eventTags ??= new Map()).set(slot, e.tags);
    });
    if (r.decoys.length > 0) rec.decoys = r.decoys;
    this.records[index] = rec;
  }
}

/** One line about a request: method, path, door, expectation, tags, headers and the start of the body. */
export function describeRequest(r: RenderedRequest): string {
  const headers = r.headers.map(([k, v]) => `${k}: ${k === 'authorization' ? v.replace(/\s.*/, ' …') : clip(v, 60)}`).join('; ');
  return `${r.method} ${clip(r.path, 120)} [${r.door}, expect ${r.expect}] tags {${r.tags.slice(0, 12).join(', ')}} headers {${headers}} body ${r.body.length} B: ${clip(r.body.toString('latin1'), 160)}`;
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

export async function runIngestInvariant(target: FuzzTarget, options: FuzzOptions): Promise<InvariantReport> {
  const t0 = performance.now();
  const runTag = runTagFor(options.seed);
  const maxExamples = options.maxExamples ?? 20;
  const run: RunContext = { writeKey: target.writeKey, token: (request, slot, decoy) => tokenFor(runTag, request, slot, decoy) };
  const client = new CollectorClient(target.ingestUrl, options.concurrency, options.requestTimeoutMs ?? 30_000);
  const state = new RunState(maxExamples);

  let next = 0;
  let done = 0;
  let lastProgress = performance.now();
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= options.requests) return;
      const rendered = renderRequest(requestSpecAt(options.seed, index), index, run);
      const answer = await client.send(rendered);
      state.record(index, rendered, answer, (slot) => tokenFor(runTag, index, slot, false));
      done += 1;
      if (options.progress && performance.now() - lastProgress > (options.progressEveryMs ?? 10_000)) {
        lastProgress = performance.now();
        const s = (lastProgress - t0) / 1000;
        options.progress(`${done}/${options.requests} requests in ${s.toFixed(1)} s (${Math.round(done / s)} req/s); status ${JSON.stringify(state.byStatus)}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
  } finally {
    client.close();
  }
  const sendMs = performance.now() - t0;

  const t1 = performance.now();
  let settled = true;
  try {
    await target.settle(options.settleTimeoutMs ?? 120_000);
  } catch (error) {
    settled = false;
    state.finding('not-settled', { request: -1, route: '', detail: (error as Error).message });
  }
  const settleMs = performance.now() - t1;
  const restarts = target.restarts();
  for (const [name, n] of Object.entries(restarts)) {
    if (n > 0) state.finding('crashed', { request: -1, route: '', detail: `${name} restarted ${n} time(s) (see its log)` });
  }

  await target.stopAnalytics();
  const store = await readStore(target.duckdbPath, target.projectId);
  const reconciled = reconcile(state, store, runTag);
  const lostCauses = await traceLost(reconciled.lost, store, state, target.natsUrl, options.seed, run, maxExamples);
  const analyticsLog = reconciled.lost.length > 0 || !settled ? logDigest(target.analyticsLog) : [];

  const missingRoutes = ALL_ROUTES.filter((route) => !state.byRoute[route]);
  const ok = Object.values(state.counts).every((n) => n === 0);
  return {
    seed: options.seed,
    runTag,
    requests: options.requests,
    concurrency: options.concurrency,
    sendMs: Math.round(sendMs),
    settleMs: Math.round(settleMs),
    totalMs: Math.round(performance.now() - t0),
    requestsPerSecond: Math.round(options.requests / (sendMs / 1000)),
    settled,
    byStatus: state.byStatus,
    byDoor: state.byDoor,
    byRoute: state.byRoute,
    byCode: state.byCode,
    byExpectation: state.byExpectation,
    events: {
      ...reconciled.figures,
      storedRows: store.rowCount,
      storedDistinctIds: store.distinctIds,
      rejectedMessages: store.rejected.length,
    },
    transportRetries: state.retries,
    restarts,
    counts: state.counts,
    examples: state.examples,
    lostCauses,
    analyticsLog,
    missingRoutes,
    ok,
  };
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

interface StoredRow {
  id: string;
  token?: string;
}

interface Store {
  rows: StoredRow[];
  rowCount: number;
  distinctIds: number;
  /** analytics' data version (every stream position up to it is applied), when it can be read. */
  dataVersion?: number;
  /** Messages (rejected_messages) and, where analytics has it, single events (rejected_events) set aside. */
  rejected: Array<{ table: string; seq: number; reason: string; tokens: string[] }>;
}

/** Opens analytics' DuckDB file read-only (analytics is stopped) and reads the project's events. */
async function readStore(path: string, projectId: string): Promise<Store> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const counts = (await c.runAndReadAll('SELECT count(*) AS n, count(DISTINCT id) AS d FROM events WHERE project_id = $1', [projectId])).getRowObjectsJS()[0];
    const rows: StoredRow[] = [];
    const ids = (await c.runAndReadAll('SELECT id FROM events WHERE project_id = $1', [projectId])).getRowsJS();
    for (const [id] of ids) {
      const text = String(id);
      const m = TOKEN_AT_START.exec(text);
      rows.push({ id: text, token: m ? m[0] : undefined });
    }
    // Ids the collector generated: the event's token is its `fz` marker.
    const marked = (
      await c.runAndReadAll(
        `SELECT id, coalesce(json_extract_string(context, '$.fz'), json_extract_string(properties, '$.fz')) AS marker
         FROM events WHERE project_id = $1 AND NOT regexp_matches(id, '^F[0-9a-z]{4}-[0-9]+-[0-9]+d?[.]')`,
        [projectId],
      )
    ).getRowsJS();
    const markers = new Map(marked.map(([id, marker]) => [String(id), typeof marker === 'string' ? marker : undefined]));
    for (const row of rows) if (!row.token) row.token = markers.get(row.id);
    const rejected: Store['rejected'] = [];
    const tables = new Set(
      (await c.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('rejected_messages', 'rejected_events')`)).getRowsJS().map(([t]) => String(t)),
    );
    const setAside = async (table: string, sql: string): Promise<void> => {
      if (!tables.has(table)) return;
      for (const [seq, reason, text] of (await c.runAndReadAll(sql)).getRowsJS()) {
        rejected.push({ table, seq: Number(seq), reason: String(reason), tokens: [...new Set(String(text ?? '').match(TOKEN_ANYWHERE) ?? [])] });
      }
    };
    await setAside('rejected_messages', 'SELECT stream_seq, reason, payload FROM rejected_messages ORDER BY stream_seq');
    await setAside('rejected_events', `SELECT stream_seq, reason, coalesce(event_id, '') || ' ' || coalesce(event, '') FROM rejected_events ORDER BY stream_seq, position`);
    let dataVersion: number | undefined;
    try {
      const floor = (await c.runAndReadAll('SELECT max(applied_floor) FROM consumer_state')).getRowsJS()[0]?.[0];
      dataVersion = floor === null || floor === undefined ? undefined : Number(floor);
    } catch {
      dataVersion = undefined;
    }
    return { rows, rowCount: Number(counts?.['n'] ?? 0), distinctIds: Number(counts?.['d'] ?? 0), rejected, dataVersion };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

interface LostEvent {
  request: number;
  slot: number;
  token: string;
}

function reconcile(
  state: RunState,
  store: Store,
  runTag: string,
): { lost: LostEvent[]; figures: Pick<InvariantReport['events'], 'acknowledged' | 'refused' | 'unknownOutcome' | 'unknownOutcomeStored' | 'decoys'> } {
  const byToken = new Map<string, string[]>();
  for (const row of store.rows) {
    if (!row.token) {
      state.finding('unattributed', { request: -1, route: '', detail: `stored id ${clip(row.id, 80)} carries no token of this run` });
      continue;
    }
    const list = byToken.get(row.token);
    if (list) list.push(row.id);
    else byToken.set(row.token, [row.id]);
  }
  const lost: LostEvent[] = [];
  const figures = { acknowledged: 0, refused: 0, unknownOutcome: 0, unknownOutcomeStored: 0, decoys: 0 };
  state.records.forEach((rec, request) => {
    if (!rec) return;
    const at = `${rec.status ?? 'no answer'}${rec.code ? ` ${rec.code}` : ''}`;
    for (let slot = 0; slot < rec.events; slot++) {
      const token = tokenFor(runTag, request, slot, false);
      const stored = byToken.get(token);
      byToken.delete(token);
      const sent = rec.ids?.get(slot) ?? token;
      const what = `event ${token} (id ${sent === '' ? '(none sent)' : clip(sent, 60)}; event tags {${(rec.eventTags?.get(slot) ?? []).join(', ')}}) of request #${request} ${rec.route} answered ${at}`;
      if (rec.outcome === 'acked') {
        figures.acknowledged += 1;
        if (!stored) lost.push({ request, slot, token });
        else if (stored.length > 1) state.finding('duplicated', { request, route: rec.route, detail: `${what}: stored ${stored.length} times` });
        else if (sent !== '' && stored[0] !== sent) state.finding('altered-id', { request, route: rec.route, detail: `${what}: stored as ${clip(stored[0], 60)}` });
      } else if (rec.outcome === 'refused') {
        figures.refused += 1;
        if (stored) state.finding('phantom', { request, route: rec.route, detail: `${what}: stored as ${clip(stored[0], 60)}` });
      } else {
        figures.unknownOutcome += 1;
        if (stored) figures.unknownOutcomeStored += 1;
      }
    }
    for (const decoy of rec.decoys ?? []) {
      figures.decoys += 1;
      const stored = byToken.get(decoy);
      byToken.delete(decoy);
      if (stored) state.finding('phantom', { request, route: rec.route, detail: `decoy ${decoy} (a duplicate key JSON.parse overrides) of request #${request} stored as ${clip(stored[0], 60)}` });
    }
  });
  for (const [token, ids] of byToken) {
    state.finding('unattributed', { request: -1, route: '', detail: `stored ${ids.length}× with token ${token} that no event of the run has (${clip(ids[0], 60)})` });
  }
  state.counts.lost = lost.length;
  return { lost, figures };
}

/**
 * Why each lost event is missing: its message was set aside by analytics (reason), or it is on the
 * stream and left no trace, or it was never published (looked up on the stream, bounded in time).
 */
async function traceLost(
  lost: LostEvent[],
  store: Store,
  state: RunState,
  natsUrl: string,
  seed: number,
  run: RunContext,
  maxExamples: number,
): Promise<CauseGroup[]> {
  if (lost.length === 0) return [];
  const rejectedBy = new Map<string, { table: string; seq: number; reason: string }>();
  for (const r of store.rejected) for (const t of r.tokens) rejectedBy.set(t, r);
  const unexplained = new Set(lost.filter((l) => !rejectedBy.has(l.token)).map((l) => l.token));
  const onStream = unexplained.size > 0 ? await findOnStream(natsUrl, unexplained) : { found: new Map<string, number>(), complete: true };

  const groups = new Map<string, { events: number; requests: Set<number>; tags: Map<string, number>; examples: Example[] }>();
  for (const l of lost) {
    const rec = state.records[l.request];
    const rejected = rejectedBy.get(l.token);
    const seq = onStream.found.get(l.token);
    const cause = rejected
      ? `set aside by analytics (${rejected.table}): ${normaliseReason(rejected.reason)}`
      : seq !== undefined
        ? store.dataVersion !== undefined && seq > store.dataVersion
          ? `on the stream, never applied: analytics stopped short of it (its data version is ${store.dataVersion})`
          : 'on the stream and applied (data version past it), yet neither stored nor set aside'
        : onStream.complete
          ? 'acknowledged but never published to the stream'
          : 'not in rejected_messages (stream scan incomplete)';
    let g = groups.get(cause);
    if (!g) groups.set(cause, (g = { events: 0, requests: new Set(), tags: new Map(), examples: [] }));
    g.events += 1;
    if (!g.requests.has(l.request)) {
      g.requests.add(l.request);
      for (const t of rec.tags) g.tags.set(t, (g.tags.get(t) ?? 0) + 1);
    }
    const detail = `${describeLost(l, rec, seed, run)}${rejected ? ` — stream seq ${rejected.seq}, reason: ${clip(rejected.reason, 240)}` : seq !== undefined ? ` — stream seq ${seq}` : ''}`;
    const example = { request: l.request, route: rec.route, detail };
    if (g.examples.length < 3) g.examples.push(example);
    if (state.examples.lost.length < maxExamples) state.examples.lost.push(example);
  }
  return [...groups]
    .map(([cause, g]) => ({
      cause,
      events: g.events,
      requests: g.requests.size,
      tags: [...g.tags].sort((a, b) => b[1] - a[1]).slice(0, 12),
      examples: g.examples,
    }))
    .sort((a, b) => b.events - a.events);
}

/** Terminal colour codes in Nest's log lines (built from a char code: a literal would be a control character in a regex). */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** analytics' warnings and errors, digits elided, counted (what it said while events went missing). */
function logDigest(path: string | undefined): string[] {
  if (!path) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!/\b(WARN|ERROR)\b|failed|rejected|exited/i.test(line)) continue;
    const plain = line.replace(ANSI_COLOUR, '').replace(/^.*?\b(WARN|ERROR)\b\s*/, '$1 ');
    const key = clip(plain.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>').replace(/\d+/g, 'N'), 300);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([line, n]) => `${n}× ${line}`);
}

function normaliseReason(reason: string): string {
  return clip(reason.replace(/\d+/g, 'N').replace(/"[^"]{20,}"/g, '"…"'), 160);
}

/** The lost event itself, regenerated from the seed (deterministic) to show its JSON. */
function describeLost(l: LostEvent, rec: RequestRecord, seed: number, run: RunContext): string {
  let item = '';
  try {
    const spec = requestSpecAt(seed, l.request);
    const slot = spec.slots[l.slot]?.slot;
    if (slot instanceof Slot) {
      item = serialize(slot, { token: (s, d) => run.token(l.request, s, d), writeKey: '<key>', surrogates: 'escape', pads: new Map() }).toString('utf8');
    }
  } catch {
    item = '(could not regenerate)';
  }
  return `event ${l.token} of request #${l.request} ${rec.route} answered ${rec.status}; request tags {${rec.tags.slice(0, 10).join(', ')}}; event tags {${(rec.eventTags?.get(l.slot) ?? []).join(', ')}}; event ${clip(item, 240)}`;
}

/** Looks for tokens in the JetStream messages (ordered consumer), for at most 60 s. */
async function findOnStream(natsUrl: string, tokens: ReadonlySet<string>): Promise<{ found: Map<string, number>; complete: boolean }> {
  const found = new Map<string, number>();
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const last = (await jsm.streams.info(STREAMS.events.name)).state.last_seq;
    if (last === 0) return { found, complete: true };
    const consumer = await nc.jetstream().consumers.get(STREAMS.events.name);
    const messages = await consumer.consume({ max_messages: 256 });
    const deadline = Date.now() + 60_000;
    let complete = false;
    const timer = setTimeout(() => messages.stop(), 60_000);
    try {
      for await (const m of messages) {
        for (const t of m.string().match(TOKEN_ANYWHERE) ?? []) if (tokens.has(t) && !found.has(t)) found.set(t, m.seq);
        if (m.seq >= last) {
          complete = true;
          break;
        }
        if (Date.now() > deadline) break;
      }
    } finally {
      clearTimeout(timer);
      messages.stop();
    }
    return { found, complete };
  } finally {
    await nc.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

export function formatReport(r: InvariantReport, replay: string): string {
  const lines: string[] = [];
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  lines.push(`ingest invariant: ${r.ok ? 'HOLDS' : 'BROKEN'} — seed ${r.seed} (replay: ${replay}), token prefix F${r.runTag}-`);
  lines.push(`requests: ${r.requests}, concurrency ${r.concurrency}, sent in ${s(r.sendMs)} (${r.requestsPerSecond} req/s); settle ${s(r.settleMs)}; total ${s(r.totalMs)}`);
  lines.push(`  by door: ${Object.entries(r.byDoor).map(([d, c]) => `${d} ${c.requests} (2xx ${c.acked}, 4xx ${c.refused}, other ${c.unknown})`).join('; ')}`);
  lines.push(`  by status: ${fmt(r.byStatus)}`);
  lines.push(`  by code: ${fmt(r.byCode)}`);
  lines.push(`  expected by the docs: ${fmt(r.byExpectation)}`);
  lines.push(`  routes: ${Object.keys(r.byRoute).length} hit${r.missingRoutes.length > 0 ? `; not hit: ${r.missingRoutes.join(', ')}` : ' (all)'}; keep-alive resets retried: ${r.transportRetries}`);
  const e = r.events;
  lines.push(
    `events: acknowledged ${e.acknowledged}, refused ${e.refused}, outcome unknown (5xx, no answer) ${e.unknownOutcome} (of which stored ${e.unknownOutcomeStored}), decoys ${e.decoys}`,
  );
  lines.push(`  counted in DuckDB for the project: ${e.storedRows} rows, ${e.storedDistinctIds} distinct ids; set aside by analytics: ${e.rejectedMessages}; analytics settled: ${r.settled}`);
  lines.push(`  service restarts: ${fmt(r.restarts)}`);
  const broken = (Object.keys(CATEGORY_TITLES) as Category[]).filter((c) => r.counts[c] > 0);
  if (broken.length === 0) {
    lines.push('every answer was a 2xx or a coded 4xx, and the stored ids are exactly the acknowledged ones.');
    return lines.join('\n');
  }
  lines.push('findings:');
  for (const c of broken) {
    lines.push(`  ${c}: ${r.counts[c]} — ${CATEGORY_TITLES[c]}`);
    if (c === 'lost') {
      for (const g of r.lostCauses) {
        lines.push(`    cause: ${g.cause} — ${g.events} events in ${g.requests} requests; request tags: ${g.tags.map(([t, n]) => `${t} ${n}`).join(', ')}`);
        for (const ex of g.examples) lines.push(`      e.g. ${ex.detail}`);
      }
      lines.push(`    lost events (up to ${r.examples.lost.length}):`);
    }
    for (const ex of r.examples[c]) lines.push(`    - ${ex.request >= 0 ? `#${ex.request} ` : ''}${ex.detail}`);
  }
  if (r.analyticsLog.length > 0) {
    lines.push('analytics log while events went missing (warnings and errors, digits as N, most frequent first):');
    for (const l of r.analyticsLog) lines.push(`  ${l}`);
  }
  return lines.join('\n');
}

function fmt(o: Record<string, number>): string {
  const entries = Object.entries(o).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '—' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}
