/** What readers leave, kept in the database every server shares: a share made on one opens on any. */
import type { Pool } from '../../indexing/postgres/pool.ts';
import { feedbackRecordOf, type FeedbackEntries, type FeedbackLog } from '../feedback.ts';
import type { ShareStore } from '../share.ts';

export function sharedShares(pool: Pool): ShareStore {
  return {
    async put(shared) {
      await pool.query('INSERT INTO shared_conversations (id, created_at, body) VALUES ($1, $2, $3)', [shared.id, shared.createdAt, JSON.stringify(shared)]);
    },
    async get(id) {
      const { rows } = await pool.query<{ body: string }>('SELECT body FROM shared_conversations WHERE id = $1', [id]);
      return rows[0] ? (JSON.parse(rows[0].body) as unknown) : undefined;
    },
  };
}

export function sharedFeedback(pool: Pool): FeedbackLog {
  return {
    async append(record) {
      await pool.query('INSERT INTO feedback (body) VALUES ($1)', [JSON.stringify(record)]);
    },
    async read() {
      const { rows } = await pool.query<{ seq: string; body: string }>('SELECT seq, body FROM feedback ORDER BY seq');
      const entries: FeedbackEntries = { records: [], unreadable: [] };
      for (const row of rows) {
        const record = feedbackRecordOf(row.body);
        if (record) entries.records.push(record);
        else entries.unreadable.push(`row ${row.seq}`);
      }
      return entries;
    },
  };
}
