import { loadConfigOrExit } from '@app/config';
import { Logger } from '@nestjs/common';
import { createRealtimeGateway } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createRealtimeGateway(config);
  await app.listen(config.REALTIME_GATEWAY_PORT, '0.0.0.0');
  new Logger('realtime-gateway').log(
    `listening on :${config.REALTIME_GATEWAY_PORT} (socket.io at /socket.io)`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
