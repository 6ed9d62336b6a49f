import { loadConfigOrExit } from '@app/config';
import { Logger } from '@nestjs/common';
import { createBookingApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createBookingApi(config);
  await app.listen(config.BOOKING_API_PORT, '0.0.0.0');
  new Logger('booking-api').log(
    `listening on :${config.BOOKING_API_PORT}${config.API_DOCS ? ' (docs at /docs)' : ''}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
