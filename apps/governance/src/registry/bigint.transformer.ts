import type { ValueTransformer } from 'typeorm';

/** pg returns bigint as a string; audit-trail seqs stay far below 2^53, so numbers are exact. */
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
