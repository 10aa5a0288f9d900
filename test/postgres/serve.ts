/**
 * The test database on its own, for trying the Postgres store by hand: `node --import tsx test/postgres/serve.ts`
 * prints its `DATABASE_URL` and serves until stopped. Kept in memory: gone when it stops.
 */
import { startTestDatabase } from './pglite.ts';

const database = await startTestDatabase();
console.log(database.url);
const stop = (): void => {
  void database.stop().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
