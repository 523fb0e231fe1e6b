import { ExclusiveSection } from './exclusive.section';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ExclusiveSection', () => {
  it('runs sections one at a time, in call order', async () => {
    const section = new ExclusiveSection();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name}:start`);
      await tick();
      log.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([section.run(work('a')), section.run(work('b')), section.run(work('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('passes a failure to its caller only and keeps the section usable', async () => {
    const section = new ExclusiveSection();
    const failing = section.run(async () => {
      await tick();
      throw new Error('boom');
    });
    const next = section.run(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
