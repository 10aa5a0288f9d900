/** Asking back when a question is too vague to answer well: which region does it mean? */
import type { Decision } from '../domain.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import type { Retrieval } from '../retrieval/retrieve.ts';
import type { AspectDecision } from './decision/decide.ts';
import { regionsSpeakingOf, type TopicWord } from './decision/topic-words.ts';
import { languageOf, regionName } from './wording.ts';

/** Regions offered when a question is asked back; more would not fit as buttons. */
const MAX_CHOICES = 5;

/**
 * A question naming no region whose topic several regions' reports speak of (`经济怎么样`, `GDP增长目标是多少`) is asked
 * back: which region? A topic one region's reports alone speak of (`中老铁路`) is answered from them.
 */
export async function askBack(index: CorpusIndex, decided: AspectDecision, retrieval: Retrieval, words: readonly TopicWord[]): Promise<Extract<Decision, { kind: 'clarify' }> | undefined> {
  const { query, scope, passages } = retrieval;
  if (query.regions.length > 0 || query.elsewhere.length > 0 || scope.reportIds !== undefined) return undefined;
  if (decided.kind === 'refuse' && decided.code !== 'low-confidence') return undefined;
  const speaking = await regionsSpeakingOf(index, words);
  if (speaking.size < 2) return undefined;
  const ranked = [...new Set([...passages.map((p) => p.region).filter((r) => speaking.has(r)), ...speaking])];
  const language = languageOf(query);
  const choices = ranked.slice(0, MAX_CHOICES).map((region) => {
    const name = regionName(region, language);
    return { label: name, question: language === 'zh' ? `${name}${query.text}` : `${query.text.replace(/[?？]\s*$/, '')} (${name})?` };
  });
  const question = language === 'zh' ? '您问的是哪个地区？这些地区的报告都谈到这一点：' : 'Which region do you mean? The reports of these regions speak of it: ';
  return { kind: 'clarify', question, choices };
}

