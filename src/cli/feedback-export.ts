/**
 * `npm run feedback -- --export FILE`: the answers readers judged wrong, as candidate lines of a gold file. Each
 * keeps the question (and its conversation), the answer given and why it was judged wrong; a person completes the
 * gold fields left empty (`answer`, `must_contain`, `kind`, the evidence) and moves the line into the gold file.
 */
import { readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import type { FeedbackReason } from '../domain.ts';
import { feedbackRecordSchema, type FeedbackRecord } from '../serving/feedback.ts';

/** The reasons as the page words them in Chinese, so that whoever completes a line reads what the reader chose. */
const REASON_LABELS: Record<FeedbackReason, string> = {
  'off-topic': '答非所问',
  'wrong-number': '数字不对',
  'wrong-citation': '引用不对',
  'should-answer': '应该能回答',
  other: '其他',
};

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
  /** Lines of the feedback file that could not be read, by line number. */
  unreadable: number[];
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
    reason_label: record.reason ? REASON_LABELS[record.reason] : null,
    ...(record.comment ? { comment: record.comment } : {}),
    ...(record.citations ? { citations_given: record.citations } : {}),
    build: record.build,
    judged_at: record.time,
  };
}

/** The negative judgements of a feedback file as gold candidates, oldest first; a line that does not read is counted, not fatal. */
export function feedbackCandidates(text: string): ExportResult {
  const candidates: GoldCandidate[] = [];
  const unreadable: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let record: FeedbackRecord;
    try {
      record = feedbackRecordSchema.parse(JSON.parse(line));
    } catch {
      unreadable.push(i + 1);
      return;
    }
    if (record.rating === 'down') candidates.push(candidate(record));
  });
  return { candidates, unreadable };
}

/** Writes the candidates of `feedbackFile` to `outFile`, one JSON object a line. */
export async function exportFeedback(feedbackFile: string, outFile: string): Promise<ExportResult> {
  let text: string;
  try {
    text = readFileSync(feedbackFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = ''; // no feedback yet: an empty export, not a failure
  }
  const result = feedbackCandidates(text);
  await writeFileAtomic(outFile, result.candidates.map((c) => `${JSON.stringify(c)}\n`).join(''));
  return result;
}
