import type { Static, TSchema } from '@sinclair/typebox';

declare const replyType: unique symbol;

/**
 * One RPC, defined once: its subject, the schema of its request (from which the request type is
 * derived) and the type of its reply. Replies are not validated, so a reply has a type and no schema.
 */
export interface RpcDefinition<S extends string, Q extends TSchema, R> {
  readonly subject: S;
  readonly request: Q;
  /** Type only (never set): carries the reply type to `RpcMap`. */
  readonly [replyType]?: R;
}

/** `defineRpc(subject, requestSchema).reply<ReplyType>()`: an entry of `RPC_DEFINITIONS`. */
export function defineRpc<const S extends string, Q extends TSchema>(subject: S, request: Q) {
  return { reply: <R>(): RpcDefinition<S, Q, R> => ({ subject, request }) };
}

export type RequestOf<D> = D extends RpcDefinition<string, infer Q, unknown> ? Static<Q> : never;
export type ReplyOf<D> = D extends RpcDefinition<string, TSchema, infer R> ? R : never;
