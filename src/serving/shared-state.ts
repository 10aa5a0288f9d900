/**
 * What servers behind one load balancer must share between requests, kept in PostgreSQL when `DATABASE_URL` is set:
 * each client's budgets of questions and of writes, the Slack events already answered, the turns of each Slack
 * thread, and the conversations shared and feedback left.
 */
import { databasePool, databaseStore } from '../indexing/postgres/database.ts';
import { sharedRateLimit, type RateLimit } from '../intake/rate-limit.ts';
import type { FeedbackLog } from './feedback.ts';
import { sharedFeedback, sharedShares } from './kept/postgres.ts';
import type { ShareStore } from './share.ts';
import { sharedDeliveries, type DeliveryLog } from './slack/deliveries.ts';
import { sharedThreads, type ThreadLog } from './slack/threads.ts';

export interface SharedState {
  limit: RateLimit;
  /** Shares and feedback per client per minute, a budget of their own. */
  writes: RateLimit;
  shares: ShareStore;
  feedback: FeedbackLog;
  deliveries: DeliveryLog;
  threads: ThreadLog;
}

export async function sharedState(url: string, perMinute: number): Promise<SharedState> {
  // The store migrates the schema, these tables included.
  await databaseStore(url);
  const pool = databasePool(url);
  return {
    limit: sharedRateLimit(pool, perMinute),
    writes: sharedRateLimit(pool, perMinute, 'writes'),
    shares: sharedShares(pool),
    feedback: sharedFeedback(pool),
    deliveries: sharedDeliveries(pool),
    threads: sharedThreads(pool),
  };
}
