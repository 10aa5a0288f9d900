/** One pool per database a process uses, and its store, made (and the schema migrated) once. */
import { createPool, type Pool } from './pool.ts';
import { postgresStore } from './postgres-store.ts';
import type { Store } from '../store-port.ts';

const pools = new Map<string, Pool>();
const stores = new Map<string, Promise<Store>>();

export function databasePool(url: string): Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = createPool(url);
    pools.set(url, pool);
  }
  return pool;
}

export function databaseStore(url: string): Promise<Store> {
  let store = stores.get(url);
  if (!store) {
    store = postgresStore(databasePool(url));
    stores.set(url, store);
    // A failed start (no database there) is tried afresh next time.
    store.catch(() => stores.delete(url));
  }
  return store;
}

/** Ends every pool's connections. */
export async function closeDatabases(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  stores.clear();
  await Promise.all(open.map((pool) => pool.end()));
}
