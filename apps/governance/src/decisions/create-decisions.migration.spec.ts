import type { QueryRunner } from 'typeorm';
import { DECISIONS_TABLE_DDL } from '@fulcrum/fairness';
import { CreateDecisions1763800002000 } from './1763800002000-create-decisions.migration';

/** `name type [constraints]` lines of a CREATE TABLE body, whitespace-normalised. */
function columns(createTable: string): Map<string, string> {
  const body = createTable.slice(createTable.indexOf('(') + 1, createTable.lastIndexOf(')'));
  const out = new Map<string, string>();
  for (const line of body.split(',\n')) {
    const text = line.replace(/\s+/g, ' ').trim();
    const [name, ...rest] = text.split(' ');
    if (name && !/^(CONSTRAINT|PRIMARY|UNIQUE|CHECK)$/i.test(name)) out.set(name, rest.join(' '));
  }
  return out;
}

describe('CreateDecisions1763800002000', () => {
  it('creates every column of DECISIONS_TABLE_DDL with the same type and constraints, and its index', async () => {
    const statements: string[] = [];
    await new CreateDecisions1763800002000().up({ query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner);
    const createDecisions = statements.find((s) => /CREATE TABLE decisions\b/.test(s));
    expect(createDecisions).toBeDefined();
    const ours = columns(createDecisions as string);
    const contract = columns(DECISIONS_TABLE_DDL.split(';')[0]);
    expect(contract.size).toBe(9);
    for (const [name, definition] of contract) expect([name, ours.get(name)]).toEqual([name, definition]);
    const index = DECISIONS_TABLE_DDL.split(';')[1].replace(/\s+/g, ' ').trim();
    expect(statements.map((s) => s.replace(/\s+/g, ' ').trim())).toContain(index);
  });
});
