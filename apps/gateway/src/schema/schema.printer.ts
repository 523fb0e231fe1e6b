import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { GATEWAY_RESOLVERS } from './gateway-resolvers';

export const SCHEMA_FILE = 'apps/gateway/schema.gql';

/** The gateway's GraphQL schema as SDL, sorted, exactly as the running gateway serves it. */
export async function printGatewaySchema(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create(GATEWAY_RESOLVERS);
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}
