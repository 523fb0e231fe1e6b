/**
 * The raw JSON text of each element of a batch message's top-level `events` array, as sent.
 *
 * An erasure rewrites a message without the erased person's events; the other events must keep
 * their exact text (JSON.parse + stringify would turn an integer beyond 2^53 or `1.50` into a
 * different number, and a rebuild from the stream would then store something else). So the kept
 * events are copied as text spans. The input is a message the decoder accepted (valid JSON).
 */
export function eventSpans(json: string): string[] {
  const s = new Scanner(json);
  s.ws();
  s.expect('{');
  let spans: string[] = [];
  s.ws();
  if (s.peek() === '}') return spans;
  for (;;) {
    s.ws();
    const key = JSON.parse(s.slice(s.skipString())) as string;
    s.ws();
    s.expect(':');
    s.ws();
    // The last `events` key wins, as with JSON.parse.
    if (key === 'events') spans = s.arrayElements();
    else s.skipValue();
    s.ws();
    if (s.peek() === ',') {
      s.pos++;
      continue;
    }
    s.expect('}');
    return spans;
  }
}

class Scanner {
  pos = 0;

  constructor(private readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  ws(): void {
    while (' \t\n\r'.includes(this.peek()) && this.pos < this.text.length) this.pos++;
  }

  expect(c: string): void {
    if (this.peek() !== c) throw new Error(`expected '${c}' at ${this.pos}`);
    this.pos++;
  }

  slice(start: number): string {
    return this.text.slice(start, this.pos);
  }

  /** Skips a string starting at `pos`; returns its start. */
  skipString(): number {
    const start = this.pos;
    this.expect('"');
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) throw new Error('unterminated string');
      if (c === '\\') this.pos++;
      else if (c === '"') return start;
    }
  }

  /** Skips any value starting at `pos`; returns its start. */
  skipValue(): number {
    const start = this.pos;
    const c = this.peek();
    if (c === '"') return this.skipString();
    if (c === '{' || c === '[') {
      let depth = 0;
      for (;;) {
        const d = this.peek();
        if (d === '') throw new Error('unterminated value');
        if (d === '"') {
          this.skipString();
          continue;
        }
        this.pos++;
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          depth--;
          if (depth === 0) return start;
        }
      }
    }
    // number, true, false, null: up to the next delimiter
    while (this.pos < this.text.length && !',}] \t\n\r'.includes(this.peek())) this.pos++;
    if (this.pos === start) throw new Error(`expected a value at ${start}`);
    return start;
  }

  arrayElements(): string[] {
    this.expect('[');
    const out: string[] = [];
    this.ws();
    if (this.peek() === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.slice(this.skipValue()));
      this.ws();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }
}
