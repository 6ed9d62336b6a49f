import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';

const NAMESPACE = 7336;

/**
 * Serialises planning per county for the rest of the transaction: all vehicles of a county are
 * planned together, so two workers must not plan its bookings at the same time. Held until
 * commit or rollback (pg_advisory_xact_lock), so a killed worker never leaves it behind.
 */
export async function lockCountyForDispatch(em: EntityManager, countyId: string): Promise<void> {
  const key = createHash('sha256').update(countyId).digest().readInt32BE(0);
  await em.query('SELECT pg_advisory_xact_lock($1, $2)', [NAMESPACE, key]);
}
