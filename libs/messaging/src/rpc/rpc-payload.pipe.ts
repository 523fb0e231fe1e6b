import { type PipeTransform } from '@nestjs/common';
import { RPC_REQUEST_SCHEMAS, type RpcMap, type RpcRequest } from '@fulcrum/contracts';
import { assertMatchesSchema } from './json-schema.validator';

/** Validates an incoming RPC payload against the subject's schema from `libs/contracts`. */
export class RpcPayloadPipe<S extends keyof RpcMap> implements PipeTransform<unknown, RpcRequest<S>> {
  constructor(private readonly subject: S) {}

  transform(value: unknown): RpcRequest<S> {
    assertMatchesSchema<RpcRequest<S>>(RPC_REQUEST_SCHEMAS[this.subject], value, this.subject);
    return value;
  }
}
