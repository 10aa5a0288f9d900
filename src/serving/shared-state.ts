/**
 * What servers behind one load balancer must share between requests, kept in PostgreSQL when `DATABASE_URL` is set:
 * each client's question budget, the Slack events already answered and the turns of each Slack thread.
 */
import { databasePool, databaseStore } from '../indexing/postgres/database.ts';
import { sharedRateLimit, type RateLimit } from '../intake/rate-limit.ts';
import { sharedDeliveries, type DeliveryLog } from './slack/deliveries.ts';
import { sharedThreads, type ThreadLog } from './slack/threads.ts';

export interface SharedState {
  limit: RateLimit;
  deliveries: DeliveryLog;
  threads: ThreadLog;
}

export async function sharedState(url: string, perMinute: number): Promise<SharedState> {
  // The store migrates the schema, these tables included.
  await databaseStore(url);
  const pool = databasePool(url);
  return { limit: sharedRateLimit(pool, perMinute), deliveries: sharedDeliveries(pool), threads: sharedThreads(pool) };
}
