/** The store a command opens: PostgreSQL when `DATABASE_URL` is set, the index folder otherwise. */
import type { Config } from '../config.ts';
import { fileStore } from './file-store.ts';
import type { Store } from './store-port.ts';

/** The PostgreSQL client is loaded only when there is a database to talk to. */
export async function storeFor(config: Pick<Config, 'indexDir' | 'databaseUrl'>): Promise<Store> {
  if (!config.databaseUrl) return fileStore(config.indexDir);
  return (await import('./postgres/database.ts')).databaseStore(config.databaseUrl);
}
