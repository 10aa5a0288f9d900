/** Questions per client per minute, one budget over every surface alike. */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimit {
  /** Takes one question from the client's budget: undefined when allowed, else the seconds until it may ask again. */
  take(client: string): Promise<number | undefined>;
}

export function rateLimit(perMinute: number): RateLimit {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
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

/** No limit: a batch run on one's own machine asks as fast as it answers. */
export const unlimited: RateLimit = { take: async () => undefined };
