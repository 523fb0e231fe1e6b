import { Field, ID, InputType } from '@nestjs/graphql';
import { FunnelInput } from './funnel.input';
import { LifecycleInput } from './lifecycle.input';
import { PathsInput } from './paths.input';
import { PropertyCatalogInput } from './property-catalog.input';
import { RetentionInput } from './retention.input';
import { StickinessInput } from './stickiness.input';
import { TrendInput } from './trend.input';

@InputType({ description: 'One insight question: set exactly one field (the same input its query takes).' })
export class InsightInput {
  @Field(() => TrendInput, { nullable: true, description: 'A trend (as for the `trend` query).' })
  trend?: TrendInput | null;

  @Field(() => FunnelInput, { nullable: true, description: 'A funnel (as for the `funnel` query).' })
  funnel?: FunnelInput | null;

  @Field(() => RetentionInput, { nullable: true, description: 'A retention table (as for the `retention` query).' })
  retention?: RetentionInput | null;

  @Field(() => StickinessInput, { nullable: true, description: 'Stickiness (as for the `stickiness` query).' })
  stickiness?: StickinessInput | null;

  @Field(() => LifecycleInput, { nullable: true, description: 'Lifecycle (as for the `lifecycle` query).' })
  lifecycle?: LifecycleInput | null;

  @Field(() => PathsInput, { nullable: true, description: 'Paths (as for the `paths` query).' })
  paths?: PathsInput | null;

  @Field(() => PropertyCatalogInput, { nullable: true, description: 'A property catalog (as for the `propertyCatalog` query).' })
  propertyCatalog?: PropertyCatalogInput | null;
}

@InputType({ description: 'An insight to compute now and save with a narrative, so anyone can recompute it later on exactly the same data.' })
export class SaveAnalysisInput {
  @Field(() => ID, { description: "The project; the insight is computed in the project's time zone." })
  projectId: string;

  @Field({ description: 'Title, 1-200 characters.' })
  title: string;

  @Field({ description: 'What the numbers mean (at most 20,000 characters; may be empty).' })
  narrative: string;

  @Field(() => InsightInput, { description: 'The question: exactly one kind of insight.' })
  insight: InsightInput;
}
