import { loadConfigOrExit } from '@app/config';
import { Logger } from '@nestjs/common';
import { createDispatchWorker } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createDispatchWorker(config);
  await app.listen(config.DISPATCH_WORKER_HEALTH_PORT, '0.0.0.0');
  new Logger('dispatch-worker').log(
    `running; health on :${config.DISPATCH_WORKER_HEALTH_PORT}/health/live and /health/ready`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
