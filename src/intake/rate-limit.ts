/** Questions per client per minute, one budget over every surface alike. */
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Pool } from '../indexing/postgres/pool.ts';

export interface RateLimit {
  /** Takes one question from the client's budget: undefined when allowed, else the seconds until it may ask again. */
  take(client: string): Promise<number | undefined>;
}

function limitWith(limiter: RateLimiterAbstract): RateLimit {
  return {
    async take(client) {
      try {
        await limiter.consume(client);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}

export function rateLimit(perMinute: number): RateLimit {
  return limitWith(new RateLimiterMemory({ points: perMinute, duration: 60 }));
}

/** One budget per client over every server that shares the database (the table is made by its migrations). */
export function sharedRateLimit(pool: Pool, perMinute: number, keyPrefix = 'questions'): RateLimit {
  return limitWith(new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, keyPrefix, points: perMinute, duration: 60 }));
}

/** No limit: a batch run on one's own machine asks as fast as it answers. */
export const unlimited: RateLimit = { take: async () => undefined };
