/**
 * `npm run feedback -- --export FILE`: the answers readers judged wrong, as candidate lines of a gold file. Each
 * keeps the question (and its conversation), the answer given and why it was judged wrong; a person completes the
 * gold fields left empty (`answer`, `must_contain`, `kind`, the evidence) and moves the line into the gold file.
 */
import { resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Config } from '../config.ts';
import { FEEDBACK_REASON_LABELS, type FeedbackReason } from '../domain.ts';
import { FEEDBACK_FILE, type FeedbackLog, type FeedbackRecord } from '../serving/feedback.ts';
import { FileFeedbackLog } from '../serving/kept/files.ts';

export interface GoldCandidate {
  id: string;
  question: string;
  conversation?: FeedbackRecord['conversation'];
  /** Gold fields for a person to fill in. */
  answer: string;
  must_contain: string[];
  kind: string;
  report: string;
  section: string;
  evidence: string;
  file: string;
  /** What the reader was given and said, kept for whoever completes the line. */
  answer_given: string;
  reason: FeedbackReason | null;
  reason_label: string | null;
  comment?: string;
  citations_given?: FeedbackRecord['citations'];
  build: string;
  judged_at: string;
}

export interface ExportResult {
  candidates: GoldCandidate[];
  /** Where the feedback that could not be read is (`line 3` of the file, `row 12` of the table). */
  unreadable: string[];
}

function candidate(record: FeedbackRecord): GoldCandidate {
  const followUp = record.conversation !== undefined && record.conversation.length > 0;
  return {
    id: `feedback-${record.id}`,
    question: record.question,
    ...(followUp ? { conversation: record.conversation } : {}),
    answer: '',
    must_contain: [],
    // A follow-up can only be a follow-up item; anything else is for the person to say.
    kind: followUp ? 'follow-up' : '',
    report: '',
    section: '',
    evidence: '',
    file: '',
    answer_given: record.answer,
    reason: record.reason ?? null,
    reason_label: record.reason ? FEEDBACK_REASON_LABELS[record.reason] : null,
    ...(record.comment ? { comment: record.comment } : {}),
    ...(record.citations ? { citations_given: record.citations } : {}),
    build: record.build,
    judged_at: record.time,
  };
}

/** The negative judgements among `records` as gold candidates, in their order. */
export function feedbackCandidates(records: readonly FeedbackRecord[]): GoldCandidate[] {
  return records.filter((record) => record.rating === 'down').map(candidate);
}

/** Writes the candidates of the feedback kept in `log` (none yet: an empty export) to `outFile`, one JSON object a line. */
export async function exportFeedback(log: FeedbackLog, outFile: string): Promise<ExportResult> {
  const { records, unreadable } = await log.read();
  const candidates = feedbackCandidates(records);
  await writeFileAtomic(outFile, candidates.map((c) => `${JSON.stringify(c)}\n`).join(''));
  return { candidates, unreadable };
}

/**
 * Where the server keeps feedback: the file given, else the database when `DATABASE_URL` is set, else
 * `feedback.jsonl` beside the index. Named as the export says it.
 */
export async function feedbackSource(config: Config, from: string | undefined): Promise<{ log: FeedbackLog; name: string }> {
  if (from === undefined && config.databaseUrl) {
    const [{ databasePool }, { migrate }, { sharedFeedback }] = await Promise.all([import('../indexing/postgres/database.ts'), import('../indexing/postgres/migrate.ts'), import('../serving/kept/postgres.ts')]);
    const pool = databasePool(config.databaseUrl);
    await migrate(pool);
    return { log: sharedFeedback(pool), name: 'the database' };
  }
  const file = resolve(from ?? resolve(config.indexDir, FEEDBACK_FILE));
  return { log: new FileFeedbackLog(file), name: file };
}
