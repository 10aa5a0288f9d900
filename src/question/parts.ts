/**
 * A question that asks two things (`2024年河南省粮食产量是多少？居民人均可支配收入增长了多少？`) is answered
 * part by part, each part read once. A later part that names no region or year is asked about those of the part
 * before it.
 */
import { hasOwnTopic, topicResidue } from './topic.ts';
import { readQuery, type Query } from './query.ts';

/**
 * Where one question ends and the next begins: a question mark, a semicolon, or `, and how …`; within a sentence,
 * a comma after a clause that asks.
 */
const BOUNDARY = /[？?；;]+|,\s*and\s+(?=(?:how|what|which|when|who|where)\b)/gi;
/**
 * A part that points back at the one before (`实际完成了多少`, `最后实际干了多少`, `该平台…`, `比全国高多少`,
 * `哪个更严格`) is not a question of its own.
 */
const POINTS_BACK = /^(?:(?:19|20)\d{2}\s*年?)?\s*(?:最后|最终|结果|后来|而|但)?\s*(?:该|其|它|这|那|实际|完成|分别|比|较|相比|高于|低于)|哪个更|谁更|哪一个|哪(?:边|方|里|家|一方)更|(?:哪|谁)[^，。？?]{0,4}更(?:多|少|高|低|快|慢|大|小|严格|好)/;

/** What asks: a part of a question without it only leads into the next (`2024年河南省，粮食产量是多少`). */
const ASKS = /多少|几[个项家条种年]?|哪|什么|怎样|如何|是否|吗/;

/**
 * The questions of one sentence joined by commas (`燃气管网改造了多少公里，新设外资企业又有多少家`): each run of
 * clauses ending in one that asks.
 */
function commaJoined(part: string): string[] {
  const runs: string[] = [];
  let run = '';
  for (const clause of part.split(/(?<=[，,])/)) {
    run += clause;
    if (ASKS.test(clause)) {
      runs.push(run.replace(/[，,]$/, ''));
      run = '';
    }
  }
  if (run) runs.push(`${runs.pop() ?? ''}${run}`);
  return runs;
}

function standsAlone(part: string, query: Query, regions: Query['regions']): boolean {
  return !POINTS_BACK.test(part) && hasOwnTopic(topicResidue(query.searchText, regions));
}

/** A part naming no region or year asked about those of the part before it. */
function inheritScope(part: Query, before: Query): Query {
  const regions = part.regions.length === 0 ? before.regions : part.regions;
  // A part naming a five-year plan asks about the plan's period, not the year before it.
  const years = part.years.length === 0 && !part.plan ? before.years : part.years;
  // A Chinese part is shown as it is then asked; an English one keeps its words, the scope being in its fields.
  const missing = part.english ? '' : `${part.regions.length === 0 ? regions.map((r) => r.name).join('、') : ''}${years !== part.years ? years.map((y) => `${y}年`).join('、') : ''}`;
  return { ...part, regions, years, ...(regions !== part.regions ? { elsewhere: [] } : {}), text: `${missing}${part.text}`, read: `${missing}${part.read}` };
}

/**
 * The parts of a question, each read and able to stand alone; the question itself (`whole`, read already) when it asks
 * one thing.
 */
export function partsOf(question: string, today: Date, whole: Query = readQuery(question, today)): Query[] {
  const texts = question
    .split(BOUNDARY)
    .flatMap(commaJoined)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (texts.length < 2) return [whole];
  const parts = texts.map((text) => readQuery(text, today));
  const regions = parts.flatMap((part) => part.regions);
  if (!parts.every((part, i) => standsAlone(texts[i] ?? '', part, regions))) return [whole];
  const inherited: Query[] = [];
  for (const part of parts) {
    const before = inherited[inherited.length - 1];
    inherited.push(before ? inheritScope(part, before) : part);
  }
  return inherited;
}
