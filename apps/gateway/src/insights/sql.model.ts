import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../governance/json.scalar';

@ObjectType({ description: 'One column of a SQL result.' })
export class SqlColumn {
  @Field({ description: 'The column name as DuckDB reports it (names may repeat, e.g. `SELECT 1 AS a, 2 AS a`).' })
  name: string;

  @Field({ description: 'The DuckDB type name, e.g. `BIGINT`, `TIMESTAMP WITH TIME ZONE`, `JSON`, `VARCHAR[]`, `STRUCT(a INTEGER)`.' })
  type: string;
}

@ObjectType({ description: 'The result of a sandboxed, read-only SQL query (docs/sql-sandbox.md).' })
export class SqlResult {
  @Field({ description: 'The data version the query ran at (decimal string); pass it as `asOfDataVersion` to run on the same data again.' })
  dataVersion: string;

  @Field(() => [SqlColumn], { description: 'The columns, in order.' })
  columns: SqlColumn[];

  @Field(() => [[GraphQLJSON]], {
    nullable: 'items',
    description:
      'One list per row, values in column order (SQL NULL is null). Values are JSON-safe (docs/sql-sandbox.md "Values"): integers beyond ±(2^53−1) and decimals with more than 15 significant digits are decimal strings, timestamps ISO-8601 strings, JSON values parsed, lists arrays, structs objects, maps lists of { key, value }.',
  })
  rows: unknown[][];

  @Field(() => Int, { description: 'Number of rows returned.' })
  rowCount: number;

  @Field({ description: 'True when the query produced more than `maxRows` rows; only the first `maxRows` are returned.' })
  truncated: boolean;

  @Field(() => Int, { description: 'Wall time of the whole request in the analytics service (checks and execution), in milliseconds.' })
  elapsedMs: number;
}
