import { canonicalJson, canonicalJsonBytes, type JsonValue } from './canonical-json';

describe('canonical JSON (RFC 8785)', () => {
  it('reproduces the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as JsonValue;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts members by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input: JsonValue = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const text = canonicalJson(input);
    const positions = ['\\r', '"1"', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((key) => text.indexOf(key));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('serialises numbers the ECMAScript way and drops whitespace', () => {
    expect(canonicalJson({ b: [1e21, 1e-7, 0.000001, -0, 9007199254740991, 1.5, 100], a: { y: null, x: true } })).toBe(
      '{"a":{"x":true,"y":null},"b":[1e+21,1e-7,0.000001,0,9007199254740991,1.5,100]}',
    );
  });

  it('keeps non-ASCII text as UTF-8 and escapes only what JSON requires', () => {
    expect(canonicalJson({ s: 'Zoë / \u001f \u007f "q"' })).toBe('{"s":"Zoë / \\u001f \u007f \\"q\\""}');
    expect(canonicalJsonBytes({ s: 'ë' }).toString('hex')).toBe(Buffer.from('{"s":"ë"}', 'utf8').toString('hex'));
    expect(canonicalJsonBytes({ s: 'ë' })).toHaveLength(10); // ë is two bytes
  });

  it('refuses values with no canonical form', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow();
    expect(() => canonicalJson(undefined as unknown as JsonValue)).toThrow(TypeError);
  });
});
