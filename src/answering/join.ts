/** Answers to the parts of one question joined as one: their texts, citations, passages and decisions. */
import type { Answer, Citation, Decision, Passage, PartDecision, RelatedPassage } from '../domain.ts';
import { isFrontMatter } from './decision/candidates.ts';
import { round } from './timing.ts';
import type { Language } from './wording.ts';

/** Passages shown beside a refusal as the closest the reports come. */
const RELATED = 3;

export function relatedPassages(passages: readonly Passage[]): RelatedPassage[] {
  return passages.filter((p) => !isFrontMatter(p)).slice(0, RELATED);
}

/** The best passages of every part in turn, each once. */
export function interleave(lists: readonly (readonly Passage[])[]): Passage[] {
  const passages = new Map<string, Passage>();
  for (let rank = 0; lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) {
      const passage = list[rank];
      if (passage && !passages.has(passage.chunkId)) passages.set(passage.chunkId, passage);
    }
  }
  return [...passages.values()];
}

/** The decision of an answer made of parts: answered when any part is, refused (with the first part's code) when none is. */
export function joinedDecision(parts: readonly PartDecision[]): Decision {
  const answered = parts.flatMap((p) => (p.decision.kind === 'answer' ? [p.decision] : []));
  const weakest = answered.sort((a, b) => a.confidence - b.confidence)[0];
  if (weakest) return { ...weakest, parts: [...parts] };
  const first = parts.find((p) => p.decision.kind === 'refuse')?.decision;
  if (first?.kind === 'refuse') {
    const related = [...new Map(parts.flatMap((p) => (p.decision.kind === 'refuse' ? p.decision.related : [])).map((r) => [r.chunkId, r])).values()];
    return { ...first, related: related.slice(0, RELATED), parts: [...parts] };
  }
  return parts[0]?.decision ?? { kind: 'refuse', code: 'no-evidence', detail: '', related: [] };
}

/** The answers to the parts of one question as one answer, its citations numbered afresh. */
export function joinAnswers(question: string, parts: readonly Answer[], k: number, language: Language): Answer {
  const citations: Citation[] = [];
  const texts = parts.map((part) => {
    const renumbered = new Map<number, number>();
    for (const citation of part.citations) {
      let joined = citations.find((c) => c.chunkId === citation.chunkId);
      if (!joined) {
        joined = { ...citation, n: citations.length + 1 };
        citations.push(joined);
      }
      renumbered.set(citation.n, joined.n);
    }
    return part.answer.replace(/\[(\d+)\]/g, (mark, n: string) => {
      const to = renumbered.get(Number(n));
      return to === undefined ? mark : `[${to}]`;
    });
  });
  const readings = [...new Set(parts.flatMap((p) => p.readings ?? []))];
  const sum = (key: keyof Answer['timingsMs']) => round(parts.reduce((total, p) => total + p.timingsMs[key], 0));
  return {
    question,
    answer: texts.join(language === 'zh' ? '；' : '; '),
    refused: parts.every((p) => p.refused),
    decision: joinedDecision(parts.map((p) => ({ label: p.question, decision: p.decision }))),
    citations,
    ...(readings.length > 0 ? { readings } : {}),
    passages: interleave(parts.map((p) => p.passages)).slice(0, k),
    retrievers: parts[0]?.retrievers ?? [],
    subQuestions: parts.map((p) => p.question),
    timingsMs: { retrieve: sum('retrieve'), compose: sum('compose'), total: sum('total') },
  };
}
