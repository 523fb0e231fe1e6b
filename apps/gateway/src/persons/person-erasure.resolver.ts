import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { PersonErasure } from './person-erasure.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/**
 * An erasure first waits (up to 10 s) for the analytics store to apply the event stream, then
 * rewrites stream messages one by one: it may take longer than an ordinary request.
 */
const ERASE_TIMEOUT_MS = 60_000;

/** GDPR erasure of a person's analytics data (compliance reviewers and admins). */
@Resolver(() => PersonErasure)
export class PersonErasureResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => PersonErasure, {
    description:
      "Erases a person from a project's analytics (GDPR Art. 17; compliance reviewers and admins). `distinctId` may be any of the person's ids: every id merged into the same person goes too. " +
      "Erased: the person's events in the analytics store AND in the event stream it is rebuilt from (messages shared with other persons are replaced by a copy without them), their identity links and refused merges naming them, and rejected messages mentioning their ids. " +
      'What stays: the erasure record and a `person.erased` audit-trail entry naming the person only by sha256(projectId + LF + personId), with the counts and the reason. ' +
      'Events that arrive after the request are new data (a new person). NOT_FOUND when nothing in the project names the id (also when it was erased already); SERVICE_UNAVAILABLE (retry) when the store is behind the stream.',
  })
  async erasePerson(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('distinctId', { description: 'Any id of the person: a user id or an anonymous id, exactly as sent with the events.' }) distinctId: string,
    @Args('reason', { description: 'Why (e.g. the request reference). Recorded with the erasure and on the audit trail: do not put the person’s ids here.' })
    reason: string,
  ): Promise<PersonErasure> {
    // Who erases travels in the request envelope (the authenticated user), not in the payload.
    const reply = await this.rpc.request(RPC.analyticsPersonErase, { projectId, distinctId, reason }, { envelope, timeoutMs: ERASE_TIMEOUT_MS });
    return { ...reply, erasedAt: new Date(reply.erasedAt) };
  }
}
