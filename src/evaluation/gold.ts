/** Gold question files: one JSON object a line, validated before anything is asked. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { conversationSchema, questionSchema } from '../intake/request.ts';

export const GOLD_KINDS = ['fact', 'number', 'list', 'comparison', 'multi-report', 'unanswerable', 'english', 'paraphrase', 'everyday', 'multi-part', 'follow-up', 'aggregate'] as const;
export type GoldKind = (typeof GOLD_KINDS)[number];

const evidenceFields = {
  file: z.string(),
  evidence: z.string(),
  report: z.string(),
  region: z.string().nullable().optional(),
  year: z.number().int().nullable().optional(),
  section: z.string(),
};

const goldItemSchema = z
  .object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    question: questionSchema,
    answer: z.string(),
    must_contain: z.array(z.string().min(1)).max(3),
    /** Regions a right answer's own sentence names (across reports: the highest, those above a number); the rows it
     * quotes below may name every region. */
    must_name: z.array(z.string().min(2)).optional(),
    /** Regions a right answer does not name as such: those a comparison leaves out. */
    must_not_name: z.array(z.string().min(2)).optional(),
    kind: z.enum(GOLD_KINDS),
    /** The date the question is asked (`YYYY-MM-DD`), against which 今年, 去年, 明年 and the like resolve. */
    asked_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    /** The earlier turns of the conversation a follow-up question is asked in, oldest first. */
    conversation: conversationSchema.optional(),
    ...evidenceFields,
    extra_evidence: z.array(z.object(evidenceFields)).optional(),
  })
  .superRefine((item, ctx) => {
    // A question across reports may be a follow-up too: its kind says what is measured.
    const inConversation = item.conversation !== undefined && item.conversation.length > 0;
    if (item.kind === 'follow-up' ? !inConversation : inConversation && item.kind !== 'aggregate') {
      ctx.addIssue({ code: 'custom', message: 'a follow-up item needs a conversation, and only it and an aggregate item may have one' });
    }
    if (item.kind === 'unanswerable') return;
    const missing = [item, ...(item.extra_evidence ?? [])].some((e) => !e.evidence || !e.report);
    if (missing) ctx.addIssue({ code: 'custom', message: 'an answerable item needs evidence and report' });
    if (item.must_contain.length === 0) ctx.addIssue({ code: 'custom', message: 'an answerable item needs must_contain' });
  });

export type GoldItem = z.output<typeof goldItemSchema>;

/** One passage an item's answer rests on. */
export interface GoldEvidence {
  file: string;
  evidence: string;
  report: string;
  section: string;
}

export function evidencesOf(item: GoldItem): GoldEvidence[] {
  if (item.kind === 'unanswerable') return [];
  return [item, ...(item.extra_evidence ?? [])].map(({ file, evidence, report, section }) => ({ file, evidence, report, section }));
}

export interface GoldSet {
  file: string;
  /** sha256 of the file, so results can tell whether two runs asked the same questions. */
  hash: string;
  items: GoldItem[];
}

export class GoldFileError extends Error {}

export function readGold(file: string): GoldSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GoldFileError(`cannot read gold file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const items: GoldItem[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const problem = (message: string) => problems.push(`line ${i + 1}: ${message}`);
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problem('not valid JSON');
      return;
    }
    const parsed = goldItemSchema.safeParse(json);
    if (!parsed.success) {
      problem(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`).join('; '));
      return;
    }
    if (seen.has(parsed.data.id)) problem(`id "${parsed.data.id}" is used twice`);
    seen.add(parsed.data.id);
    items.push(parsed.data);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('\n  ');
    const more = problems.length > 10 ? `\n  … and ${problems.length - 10} more` : '';
    throw new GoldFileError(`${file} has ${problems.length} invalid line(s):\n  ${shown}${more}`);
  }
  if (items.length === 0) throw new GoldFileError(`${file} holds no gold items`);
  return { file, hash: createHash('sha256').update(text).digest('hex'), items };
}

/**
 * A fixed sample of `size` items spread evenly over the kinds: the same items on every run and machine,
 * chosen by a hash of each id rather than by file order.
 */
export function sampleGold(items: readonly GoldItem[], size: number): GoldItem[] {
  if (size >= items.length) return [...items];
  const rank = new Map(items.map((item) => [item.id, createHash('sha256').update(item.id).digest('hex')]));
  const byRank = [...items].sort((a, b) => (rank.get(a.id) ?? '').localeCompare(rank.get(b.id) ?? ''));
  const byKind = new Map<GoldKind, GoldItem[]>();
  for (const item of byRank) {
    byKind.set(item.kind, [...(byKind.get(item.kind) ?? []), item]);
  }
  const picked: GoldItem[] = [];
  for (let round = 0; picked.length < size; round++) {
    for (const queue of byKind.values()) {
      const item = queue[round];
      if (item && picked.length < size) picked.push(item);
    }
  }
  const order = new Map(items.map((item, i) => [item.id, i]));
  return picked.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
