/**
 * A PostgreSQL with pgvector for the tests: PGlite (PostgreSQL compiled to WebAssembly) with its pgvector extension,
 * served over the wire protocol on a free loopback port, so that the product's own `pg` code is what is tested.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface TestDatabase {
  /** `postgres://…` for `DATABASE_URL`. */
  url: string;
  stop(): Promise<void>;
}

/** Connections the server takes at once: two server processes and the test's own pool. */
const MAX_CONNECTIONS = 32;

/** Messages of the extended query protocol before its Sync: Parse, Bind, Describe, Execute, Close, Flush. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

/**
 * PGlite is one session, which pglite-socket shares among its connections query by query; it keeps a connection's
 * turn only inside a transaction. A query with parameters is several messages (Parse, Bind, Execute, Sync), and
 * another connection's Parse between them would replace its statement: the connection keeps its turn until its Sync.
 */
function keepTurnUntilSync(db: PGlite): void {
  let midQuery = false;
  const exec = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = async (message, options) => {
    const result = await exec(message, options);
    midQuery = EXTENDED.has(message[0] ?? 0);
    return result;
  };
  const inTransaction = db.isInTransaction.bind(db);
  db.isInTransaction = () => inTransaction() || midQuery;
}

const PARSE = 'P'.charCodeAt(0);
const BIND = 'B'.charCodeAt(0);
const DESCRIBE = 'D'.charCodeAt(0);
const CLOSE = 'C'.charCodeAt(0);
const STATEMENT = 'S'.charCodeAt(0);

/** Where a statement's name starts in a message that names one, or -1. */
function statementNameAt(message: Uint8Array): number {
  const type = message[0];
  if (type === PARSE) return 5;
  if (type === BIND) return message.indexOf(0, 5) + 1;
  if ((type === DESCRIBE || type === CLOSE) && message[5] === STATEMENT) return 6;
  return -1;
}

/**
 * The same session also holds every connection's named prepared statements, which on a server are each
 * connection's own: two connections preparing `upsert` would clash. Each connection's names get its own prefix.
 */
function ownStatementNames(message: Uint8Array, connection: number): Uint8Array {
  const at = statementNameAt(message);
  if (at <= 0 || message[at] === 0) return message;
  const prefix = new TextEncoder().encode(`c${connection}_`);
  const renamed = new Uint8Array(message.length + prefix.length);
  renamed.set(message.subarray(0, at));
  renamed.set(prefix, at);
  renamed.set(message.subarray(at), at + prefix.length);
  new DataView(renamed.buffer).setInt32(1, renamed.length - 1);
  return renamed;
}

interface QueryQueue {
  enqueue(connection: number, message: Uint8Array, onData: unknown): Promise<number>;
}

export async function startTestDatabase(): Promise<TestDatabase> {
  const db = await PGlite.create({ extensions: { vector } });
  keepTurnUntilSync(db);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = (connection, message, onData) => enqueue(connection, ownStatementNames(message, connection), onData);
  const listening = new Promise<number>((resolve) => {
    server.addEventListener('listening', (event) => resolve((event as CustomEvent<{ port: number }>).detail.port), { once: true });
  });
  await server.start();
  const port = await listening;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
