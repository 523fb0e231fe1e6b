import fc from 'fast-check';
import { eventSpans } from './event-batch.spans';

describe('eventSpans (raw text of each event of a batch message)', () => {
  it('keeps every event byte for byte, big integers and number spellings included', () => {
    const raw = ' { "v" : 1, "batchId":"b,]}", "events" : [ {"id":"e1","n":12345678901234567890} ,{"id":"e\\"2","x":[1.50,{"y":"]"}]}\n], "projectId":"p" } ';
    expect(eventSpans(raw)).toEqual(['{"id":"e1","n":12345678901234567890}', '{"id":"e\\"2","x":[1.50,{"y":"]"}]}']);
  });

  it('handles an empty events array, no events key, and a repeated key (the last wins, as JSON.parse)', () => {
    expect(eventSpans('{"events":[]}')).toEqual([]);
    expect(eventSpans('{}')).toEqual([]);
    expect(eventSpans('{"events":[{"a":1}],"events":[{"b":2},{"c":3}]}')).toEqual(['{"b":2}', '{"c":3}']);
  });

  it('agrees with JSON.parse on any events array (property)', () => {
    const event = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), fc.jsonValue(), fc.boolean(), (events, other, pretty) => {
        const text = JSON.stringify({ v: 1, other, events }, null, pretty ? 2 : undefined);
        const spans = eventSpans(text);
        expect(spans.map((s) => JSON.parse(s) as unknown)).toEqual(JSON.parse(text).events);
      }),
    );
  });
});
