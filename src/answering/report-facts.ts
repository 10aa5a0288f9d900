/**
 * Facts about the reports themselves, answered from what the parser read of each report's opening lines: who
 * delivered it and in what role, at which meeting, on which date; and which reports the corpus holds.
 */
import type { Passage } from '../domain.ts';
import type { CorpusIndex, IndexedReport } from '../indexing/corpus-index.ts';
import { passageOf } from '../retrieval/retrieve.ts';
import type { Query } from '../question/query.ts';
import { isFrontMatter } from './decision/candidates.ts';
import { regionName, type Language } from './wording.ts';

export type ReportFact = 'speaker' | 'role' | 'meeting' | 'date';

/** What a question asks of a report's delivery, by the words that ask it. */
const ASKS: readonly [ReportFact, RegExp][] = [
  ['speaker', /谁作|谁做|由谁|作报告的是谁|报告人|谁的报告|哪位|\bwho (?:delivered|gave|presented|made|read)\b|\bdelivered by\b|\bby whom\b/i],
  ['role', /职务|身份|什么职位|担任|\bwhat (?:position|post|title|role|office)\b/i],
  ['meeting', /哪次会议|什么会议|哪个会|哪一次会议|第几届|第几次会议|在.{0,8}会议上|\b(?:which|what) (?:meeting|session|congress)\b|\bat which\b/i],
  ['date', /哪天|哪一天|什么时候作|何时作|几月几日|日期|\bon what date\b|\bwhat date\b|\bwhen was\b|\bwhen did\b/i],
];

/** Names of the document, one of which a question about its delivery names. */
const NAMES_REPORT = /报告|\breport\b/i;

/** The facts a question asks of a report's delivery; none when it asks about the report's content. */
export function reportFactsAsked(question: string): ReportFact[] {
  if (!NAMES_REPORT.test(question)) return [];
  return ASKS.filter(([, asks]) => asks.test(question)).map(([fact]) => fact);
}

/** The corpus listed, asked as `有哪些报告` or `which reports do you have`. */
const ASKS_CORPUS = /^(?:语料|你|你们|这里|系统)?(?:都|一共|总共)?(?:有|收录了|包括)(?:哪些|什么|多少份?)(?:政府工作)?报告|^(?:which|what) reports (?:do you have|are (?:there|covered|in the corpus|available))|^list (?:the|all|your) reports/i;

export function asksForCorpus(question: string): boolean {
  return ASKS_CORPUS.test(question.replace(/\s+/g, ' ').trim());
}

const FACT_NAMES: Record<ReportFact, Record<Language, string>> = {
  speaker: { zh: '报告人', en: 'who delivered it' },
  role: { zh: '报告人的职务', en: "the speaker's office" },
  meeting: { zh: '会议', en: 'the meeting' },
  date: { zh: '日期', en: 'the date' },
};

export function factNames(facts: readonly ReportFact[], language: Language): string {
  return facts.map((f) => FACT_NAMES[f][language]).join(language === 'zh' ? '、' : ', ');
}

function dateText(date: string, language: Language): string {
  const [year, month, day] = date.split('-').map(Number);
  return language === 'zh' ? `${year}年${month}月${day}日` : new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function has(report: IndexedReport, fact: ReportFact): boolean {
  if (fact === 'speaker') return report.speaker !== undefined;
  if (fact === 'role') return report.speakerRole !== undefined;
  if (fact === 'meeting') return report.meeting !== undefined;
  return report.date !== undefined;
}

/** The facts asked that the report does not state. */
export function missingFacts(report: IndexedReport, facts: readonly ReportFact[]): ReportFact[] {
  return facts.filter((fact) => !has(report, fact));
}

/** Everything the report states of its delivery, in one sentence. */
export function deliverySentence(report: IndexedReport, language: Language): string {
  const { speaker, speakerRole, meeting, date } = report;
  if (language === 'zh') {
    const who = speaker ? `由${speakerRole ?? ''}${speaker}` : '';
    const when = date ? `于${dateText(date, 'zh')}` : '';
    const where = meeting ? `在${meeting}上` : '';
    return `${report.title}${who}${when}${where}作。`;
  }
  const parts = [
    speaker ? `delivered by ${speaker}${speakerRole ? ` (${speakerRole})` : ''}` : 'delivered',
    // The date as the report prints it too, so that it can be checked against the report.
    date ? `on ${dateText(date, 'en')} (${dateText(date, 'zh')})` : '',
    meeting ? `at ${meeting}` : '',
  ].filter(Boolean);
  return `The ${report.year} government work report of ${regionName(report.region, 'en')} was ${parts.join(' ')}.`;
}

/** The chunk of a report's opening lines, which states what the parser read of its delivery. */
export async function frontMatterOf(index: CorpusIndex, reportId: string): Promise<Passage | undefined> {
  const report = index.reports.get(reportId);
  if (!report) return undefined;
  for (const chunk of await index.chunksOf(reportId)) {
    if (chunk.sectionPath.length > 0) continue;
    const passage = passageOf(report, chunk, 1);
    if (isFrontMatter(passage)) return passage;
  }
  return undefined;
}

/** The reports a question about a report's delivery can mean: of its regions, and of its years when it names any. */
export function reportsMeant(index: CorpusIndex, query: Query, within?: ReadonlySet<string>): IndexedReport[] {
  const regions = new Set(query.regions.map((r) => r.name));
  const years = new Set([...query.years, ...query.reportYears]);
  return [...index.reports.values()].filter(
    (r) => (within?.has(r.id) ?? true) && (regions.size === 0 || regions.has(r.region)) && (years.size === 0 || years.has(r.year)),
  );
}

/** The corpus as a reader is told of it: how many reports, of which regions and years. */
export function corpusSentence(index: CorpusIndex, language: Language): string {
  const byRegion = new Map<string, number[]>();
  for (const r of index.reports.values()) byRegion.set(r.region, [...(byRegion.get(r.region) ?? []), r.year].sort((a, b) => a - b));
  const entries = [...byRegion].sort((a, b) => a[0].localeCompare(b[0], 'zh'));
  if (language === 'zh') {
    return `语料共有${index.reports.size}份政府工作报告：${entries.map(([region, years]) => `${region}（${years.join('、')}年）`).join('、')}。`;
  }
  return `The corpus holds ${index.reports.size} government work reports: ${entries.map(([region, years]) => `${regionName(region, 'en')} (${years.join(', ')})`).join(', ')}.`;
}
