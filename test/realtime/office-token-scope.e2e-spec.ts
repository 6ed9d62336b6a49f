import { TokenService } from '@app/auth';
import { WsErrorBody, WsEvent } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { io } from 'socket.io-client';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { connect, startGateway, TestClient } from './realtime-harness';

/** The gateway applies the same token rules: an operator without a county is nobody. */
describe('realtime gateway: office tokens', () => {
  let h: BookingApiHarness;
  let gateway: INestApplication;
  let url: string;

  beforeAll(async () => {
    h = await startBookingApi();
    ({ app: gateway, url } = await startGateway(h.config));
  });
  afterAll(async () => {
    await gateway?.close();
    await h?.close();
  });

  it('refuses an operator token without a county, accepts one with its county', async () => {
    const tokens = h.app.get(TokenService);
    const socket = io(url, {
      auth: { token: tokens.sign({ sub: 'op-x', role: 'operator' }) },
      transports: ['websocket'],
      reconnection: false,
    });
    const refused = new TestClient(socket);
    const error = await refused.waitFor<WsErrorBody>(WsEvent.error);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(refused.of(WsEvent.sessionReady)).toEqual([]);
    socket.close();

    const ok = await connect(
      url,
      tokens.sign({ sub: 'op-y', role: 'operator', countyId: h.seed.countyId }),
    );
    ok.close();
  });
});
