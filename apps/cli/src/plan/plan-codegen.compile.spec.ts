import { dirname, join } from 'node:path';
import ts from 'typescript';
import { definition, shopPlan } from './plan-codegen.test-helpers';
import { generateTrackingPlanModule } from './plan-codegen.generator';

const ROOT = join(__dirname, '..', '..', '..', '..');
// Virtual files beside this spec (never written): modules resolve from here as in a project of the repo.
const GENERATED = join(__dirname, 'tracking-plan.generated.ts');
const USAGE = join(__dirname, 'codegen-usage.ts');

/**
 * Type-checks the generated module with a snippet that hands it real `Analytics`
 * (`@segment/analytics-node`) and `PostHog` (`posthog-node`) instances: in memory, strict,
 * noEmit, against the SDKs' own declarations from node_modules. Answers the diagnostics as text.
 */
function typeCheck(generated: string, usage: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    // As strict as projects get: the module must compile under any of their settings.
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noPropertyAccessFromIndexSignature: true,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules', '@types')],
  };
  const sources = new Map([
    [GENERATED, generated],
    [USAGE, usage],
  ]);
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.readFile = (file) => sources.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = sources.get(file);
    return text === undefined ? getSourceFile(file, language, onError, create) : ts.createSourceFile(file, text, language, true);
  };
  host.getCurrentDirectory = () => dirname(USAGE);
  const program = ts.createProgram([GENERATED, USAGE], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(__dirname.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

const USAGE_OK = `
import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { trackOrderCompleted, trackPageview, trackSignedUp, type OrderCompletedProperties, type TrackClient } from './tracking-plan.generated';

const analytics = new Analytics({ writeKey: 'wk_test', host: 'http://127.0.0.1:1', maxRetries: 0 });
const posthog = new PostHog('wk_test', { host: 'http://127.0.0.1:1' });

const order: OrderCompletedProperties = {
  order_id: 'o-1',
  total: 12.5,
  currency: 'EUR',
  coupon: null,
  products: [{ sku: 'SKU-1', quantity: 2 }],
  shipping: { method: 'standard', address: { country: 'DE', city: 'Berlin' } },
};
for (const client of [analytics, posthog] satisfies TrackClient[]) {
  trackOrderCompleted(client, { userId: 'u1' }, order);
  trackPageview(client, { anonymousId: 'a1' }, { $current_url: 'https://shop.example/', $lib: 'web' });
  trackSignedUp(client, { userId: 'u1', anonymousId: 'a1' }, { plan: 'pro' });
}
trackPageview(analytics, { anonymousId: 'a2' });
`;

describe('the generated module with the real SDKs', () => {
  const generated = generateTrackingPlanModule(shopPlan(), { planVersion: 3 });

  it('type-checks (strict) with Analytics from @segment/analytics-node and PostHog from posthog-node', () => {
    expect(typeCheck(generated, USAGE_OK)).toEqual([]);
  });

  it.each([
    ['a property of the wrong type', "trackOrderCompleted(analytics, { userId: 'u1' }, { ...order, total: '12.50' });", 'TS2322'],
    ['a value outside the enum', "trackOrderCompleted(posthog, { userId: 'u1' }, { ...order, currency: 'GBP' });", 'TS2322'],
    ['a missing required property', "trackSignedUp(posthog, { userId: 'u1' }, { referrer: 'ad' });", 'TS2345'],
    ['an undeclared property where the schema is closed', "trackOrderCompleted(analytics, { userId: 'u1' }, { ...order, discount: 3 });", 'TS2353'],
    ['a wrong nested item', "trackOrderCompleted(analytics, { userId: 'u1' }, { ...order, products: [{ sku: 'S', quantity: '2' }] });", 'TS2322'],
    ['no identity', 'trackPageview(analytics, {});', 'TS2345'],
    ['a deprecated event (no function)', "trackLegacyCheckout(analytics, { userId: 'u1' }, { step: 1 });", 'TS2304'],
    ['a client that is neither SDK', "trackPageview({ send() {} }, { userId: 'u1' });", 'TS2353'],
  ])('refuses %s', (_what, line, code) => {
    const diagnostics = typeCheck(generated, `${USAGE_OK}\n${line}\n`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toContain(code);
    expect(diagnostics[0]).toMatch(/codegen-usage\.ts:/);
  });

  it('type-checks for hostile names and an empty plan', () => {
    const hostile = generateTrackingPlanModule(
      {
        events: [
          definition('__proto__', JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}}}') as Record<string, unknown>),
          definition('constructor', { type: 'object', properties: { 'a"b': { type: 'string', description: 'ends a comment */ here\nand a line' } } }),
          definition('say "hi"\n*/ 🎉', { type: 'object', properties: { '\u2028': { type: 'boolean' } } }, { description: 'x */ y' }),
          definition('🎉', { type: 'object' }),
          definition('Event', { type: 'object', $defs: { money: { type: 'number' } }, properties: { price: { $ref: '#/$defs/money' }, self: { $ref: '#' } } }),
        ],
        traits: null,
      },
      { planVersion: 1 },
    );
    const usage = `
import { trackProto, trackConstructor, trackEvent, trackEvent_2, trackSayHi } from './tracking-plan.generated';
declare const client: { track(message: { event: string }): void };
trackProto(client, { userId: 'u' }, JSON.parse('{"__proto__":"x","constructor":1}') as { constructor: number });
trackConstructor(client, { userId: 'u' }, { 'a"b': 'x' });
trackSayHi(client, { userId: 'u' }, { '\\u2028': true });
trackEvent(client, { userId: 'u' }, { price: 3, self: { anything: 1 } });
trackEvent_2(client, { userId: 'u' });
`;
    expect(typeCheck(hostile, usage)).toEqual([]);
    expect(typeCheck(generateTrackingPlanModule({ events: [], traits: null }, { planVersion: null }), 'import type { TrackClient } from "./tracking-plan.generated";\nexport type C = TrackClient;\n')).toEqual([]);
  });
});

describe('the generated module at run time', () => {
  /** The generated module transpiled to CommonJS and evaluated, as a project would run it. */
  function load(source: string): Record<string, (...args: unknown[]) => void> {
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    const exports: Record<string, (...args: unknown[]) => void> = {};
    new Function('exports', outputText)(exports);
    return exports;
  }

  it('calls track on a real Analytics and capture on a real PostHog (distinctId from userId, else anonymousId)', async () => {
    // Real instances, their sending methods replaced by spies (no network).
    const { Analytics } = await import('@segment/analytics-node');
    const { PostHog } = await import('posthog-node');
    const analytics = new Analytics({ writeKey: 'wk_test', host: 'http://127.0.0.1:1', maxRetries: 0 });
    const posthog = new PostHog('wk_test', { host: 'http://127.0.0.1:1' });
    const track = jest.spyOn(analytics, 'track').mockImplementation(() => undefined);
    const capture = jest.spyOn(posthog, 'capture').mockImplementation(() => undefined);
    const mod = load(generateTrackingPlanModule(shopPlan(), { planVersion: 3 }));
    const order = { order_id: 'o-1', total: 3, currency: 'EUR' };
    mod['trackOrderCompleted'](analytics, { userId: 'u1' }, order);
    mod['trackOrderCompleted'](posthog, { userId: 'u1', anonymousId: 'a1' }, order);
    mod['trackPageview'](posthog, { anonymousId: 'a2' });
    expect(track.mock.calls).toEqual([[{ userId: 'u1', event: 'Order Completed', properties: order }]]);
    expect(capture.mock.calls).toEqual([
      [{ distinctId: 'u1', event: 'Order Completed', properties: order }],
      [{ distinctId: 'a2', event: '$pageview', properties: {} }],
    ]);
    expect(() => mod['trackPageview'](posthog, {})).toThrow('a userId or an anonymousId is needed');
    await posthog.shutdown();
    await analytics.closeAndFlush({ timeout: 100 });
  });
});
