import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { type RequestEnvelope, httpRequestEnvelope } from '@fulcrum/messaging';

/**
 * The envelope of the GraphQL request a resolver serves: made by the HTTP edge hook, the caller
 * named in it by the auth guard. Resolvers pass it to every RPC (`rpc.request(subject, payload,
 * { envelope })`): the gateway keeps no envelope in async-local storage (libs/messaging
 * request-envelope.ts says why), and a lint rule refuses an RPC without it.
 */
export const Envelope = createParamDecorator((_data: unknown, context: ExecutionContext): RequestEnvelope =>
  envelopeOfGraphqlContext(GqlExecutionContext.create(context).getContext<{ req?: object }>()),
);

/** The envelope of a GraphQL context's HTTP request; throws when there is none (the edge hook is not installed: a set-up bug). */
export function envelopeOfGraphqlContext(context: { req?: object } | undefined): RequestEnvelope {
  const envelope = context?.req === undefined ? undefined : httpRequestEnvelope(context.req);
  if (!envelope) throw new Error('the GraphQL request has no envelope (installHttpRequestEnvelope is not installed on the gateway)');
  return envelope;
}
