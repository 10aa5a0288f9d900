/**
 * A question that asks two things (`2024年河南省粮食产量是多少？居民人均可支配收入增长了多少？`) is answered
 * part by part. A later part that names no region or year is asked about those of the part before it.
 */
import { understand, topicOf, withoutYears } from '../retrieval/understand.ts';

/** Where one question ends and the next begins: a question mark, a semicolon, or `, and how …`. */
const BOUNDARY = /[？?；;]+|,\s*and\s+(?=(?:how|what|which|when|who|where)\b)/gi;
/** Question words, fillers and verbs of a figure (`降到`) that say nothing of what a part is about. */
const FILLER = /是多少|多少|几|哪些|什么|怎么样|如何|降到|降至|升至|增至|提高到|是|了|的|吗|呢|\b(?:what|how|which|when|who|where|is|are|was|were|the|its|it|of|in|and|did|does|do|much|many|long|now)\b/gi;
/** A part needs this much topic of its own to stand alone. */
const MIN_TOPIC_HAN = 2;
const MIN_TOPIC_WORDS = 2;
/** A part that points back at the one before (`实际完成了多少`, `该平台…`, `哪个更严格`) is not a question of its own. */
const POINTS_BACK = /^(?:(?:19|20)\d{2}\s*年?)?\s*(?:该|其|它|这|那|实际|完成|分别)|哪个更|谁更|哪一个/;

function standsAlone(part: string, searchText: string, names: readonly string[]): boolean {
  if (POINTS_BACK.test(part)) return false;
  let rest = withoutYears(topicOf(searchText));
  for (const name of names) rest = rest.split(name).join(' ');
  rest = rest.replace(FILLER, ' ');
  const han = (rest.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const words = (rest.match(/[a-z]{3,}/gi) ?? []).length;
  return han >= MIN_TOPIC_HAN || words >= MIN_TOPIC_WORDS;
}

/** The parts of a question, each able to stand alone; the question itself when it asks one thing. */
export function subQuestions(question: string, today: Date): string[] {
  const parts = question.split(BOUNDARY).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length < 2) return [question];
  const understood = parts.map((p) => understand(p, today));
  const names = understood.flatMap((u) => u.regions.flatMap((r) => [r.name, r.short, ...r.english]));
  if (!parts.every((p, i) => standsAlone(p, understood[i]?.searchText ?? p, names))) return [question];
  let regions = '';
  let years = '';
  return parts.map((part, i) => {
    const u = understood[i];
    if (!u) return part;
    if (u.regions.length > 0) regions = u.regions.map((r) => r.name).join('、');
    if (u.years.length > 0) years = u.years.map((y) => `${y}年`).join('、');
    const missing = `${u.regions.length === 0 ? regions : ''}${u.years.length === 0 ? years : ''}`;
    return missing ? `${missing}${part}` : part;
  });
}
