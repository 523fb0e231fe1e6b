import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { InsightKind } from '@fulcrum/contracts';
import { GraphQLJSON, type JsonValue } from '../governance/json.scalar';
import { Connection, type ConnectionShape } from '../graphql/relay-connection.model';
import { InsightKindEnum } from './insight-common.enums';
import { InsightResultUnion, type InsightResultValue } from './insight-result.union';

@ObjectType({ description: 'A saved analysis: an insight question, its answer, a narrative, and exactly which data answered it.' })
export class Analysis {
  @Field(() => ID, { description: 'Analysis id.' })
  id: string;

  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field({ description: 'Title.' })
  title: string;

  @Field({ description: 'What the numbers mean, in the words of whoever saved it.' })
  narrative: string;

  @Field(() => InsightKindEnum, { description: 'Which insight it is.' })
  kind: InsightKind;

  @Field(() => GraphQLJSON, {
    description:
      'The insight question as the analytics service received it: the contract query of the kind (e.g. a funnel\'s `steps`, `conversionWindow`, `dateRange`), with enum values as the contract spells them (filter operators in lower case).',
  })
  insight: JsonValue;

  @Field({ description: 'The IANA time zone it was computed in (the project zone when saved); reproducing uses the same zone.' })
  timeZone: string;

  @Field({ description: 'The data version that answered it (decimal string).' })
  dataVersion: string;

  @Field({ description: '`sha256:<hex>` of the canonical JSON of the kind and its normalised query.' })
  queryFingerprint: string;

  @Field({ description: '`sha256:<hex>` of the RFC 8785 canonical JSON of the result as the analytics service returned it.' })
  resultDigest: string;

  @Field(() => InsightResultUnion, { description: 'The result as computed when saved.' })
  result: InsightResultValue;

  @Field({ description: 'Who saved it (`token:<id>:<name>`).' })
  createdBy: string;

  @Field({ description: 'When it was saved (UTC).' })
  createdAt: Date;
}

export const AnalysisConnection = Connection(Analysis);
export type AnalysisConnection = ConnectionShape<Analysis>;

@ObjectType({ description: 'A person erasure in the project after the analysis was saved: the named cause of a reproduction that differs.' })
export class ErasureNotice {
  @Field(() => ID, { description: 'Erasure id.' })
  id: string;

  @Field({ description: 'When the erasure happened (UTC).' })
  erasedAt: Date;

  @Field(() => Int, { description: 'How many events it erased.' })
  eventsErased: number;

  @Field({ description: 'The recorded reason.' })
  reason: string;
}

@ObjectType({ description: 'An analysis recomputed as of its data version and in its time zone, compared with what was saved.' })
export class AnalysisReproduction {
  @Field(() => ID, { description: 'The analysis.' })
  analysisId: string;

  @Field({ description: 'True when the recomputed result is byte for byte the saved one (as canonical JSON).' })
  identical: boolean;

  @Field({ description: 'The data version it was recomputed at (the saved one).' })
  dataVersion: string;

  @Field({ description: '`sha256:<hex>` of the canonical JSON of the recomputed result; equal to the saved resultDigest when identical.' })
  resultDigest: string;

  @Field(() => InsightResultUnion, { description: 'The recomputed result.' })
  result: InsightResultValue;

  @Field(() => [ErasureNotice], { description: 'Erasures in the project since the analysis was saved (events erased since are gone from the recomputation).' })
  erasures: ErasureNotice[];

  @Field(() => [String], { description: 'Top-level result fields that differ (empty when identical).' })
  differences: string[];
}
