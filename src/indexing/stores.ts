/** The store a command opens: PostgreSQL when `DATABASE_URL` is set, the index folder otherwise. */
import type { Config } from '../config.ts';
import { fileStore } from './file-store.ts';
import { databaseStore } from './postgres/database.ts';
import type { Store } from './store-port.ts';

export function storeFor(config: Pick<Config, 'indexDir' | 'databaseUrl'>): Promise<Store> {
  return config.databaseUrl ? databaseStore(config.databaseUrl) : Promise.resolve(fileStore(config.indexDir));
}
