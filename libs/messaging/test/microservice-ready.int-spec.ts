import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { type NatsConnection, StringCodec, connect, createInbox } from 'nats';
import { type TestNats, startTestNats } from '@fulcrum/testing';
import { awaitMicroserviceSubscriptions, natsMicroserviceOptions } from '../src';

const SUBJECT = 'test.ready.ping.v1';

@Controller()
class PingController {
  @MessagePattern(SUBJECT)
  ping(): string {
    return 'pong';
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/** A plain-inbox request as Nest's client sends it: no "no responders" shortcut, only a timeout. */
async function requestOnce(nc: NatsConnection, timeoutMs: number): Promise<boolean> {
  const sc = StringCodec();
  const inbox = createInbox();
  const sub = nc.subscribe(inbox, { max: 1, timeout: timeoutMs });
  nc.publish(SUBJECT, sc.encode(JSON.stringify({ pattern: SUBJECT, data: {}, id: '1' })), { reply: inbox });
  try {
    for await (const m of sub) return sc.decode(m.data).includes('pong');
    return false;
  } catch {
    return false;
  }
}

describe('awaitMicroserviceSubscriptions (real nats-server)', () => {
  let nats: TestNats;
  let client: NatsConnection;

  beforeAll(async () => {
    nats = await startTestNats();
    client = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await client?.close();
    await nats?.stop();
  });

  it('returns only when a request published right after it is answered', async () => {
    for (let i = 0; i < 10; i += 1) {
      const app = await NestFactory.createMicroservice(PingModule, { ...natsMicroserviceOptions(nats.url, 'ready-test'), logger: false });
      await app.listen();
      await awaitMicroserviceSubscriptions([app]);
      const answered = await requestOnce(client, 2_000);
      await app.close();
      expect(answered).toBe(true);
    }
  });
});
