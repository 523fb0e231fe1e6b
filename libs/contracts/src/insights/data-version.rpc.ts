import type { Static } from '@sinclair/typebox';
import { emptyObject } from '../json-schema/json-schema.builders';

/**
 * The analytics store's current data version: the stream position up to which every accepted event
 * (of every project) is applied. One small read, so a service can poll it to learn that new data
 * arrived (the backlog re-evaluates success metrics when it advances) without running an insight.
 */
export const dataVersionRequestSchema = emptyObject();
export type DataVersionRequest = Static<typeof dataVersionRequestSchema>;

export interface DataVersionReply {
  /** Decimal string, as in every insight envelope. */
  dataVersion: string;
}
