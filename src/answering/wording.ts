/**
 * What answers and refusals say around the quotes, in the asker's language: whose figure a quote is and from which
 * report (the reports write 全省, 全市, 我们), and in one line what a refusal found missing.
 */
import type { Passage, RefusalCode } from '../domain.ts';
import { valueKindName } from '../question/value.ts';
import { findRegions, lookupRegion } from '../regions.ts';
import type { Query } from '../question/query.ts';
import { topicResidue } from '../question/topic.ts';

export type Language = 'zh' | 'en';

export function languageOf(query: Pick<Query, 'english'>): Language {
  return query.english ? 'en' : 'zh';
}

function capitalized(words: string): string {
  return words.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

/** A region's name in the asker's language: `北京市`, `Beijing`. */
export function regionName(name: string, language: Language): string {
  if (language === 'zh') return name;
  const english = lookupRegion(name)?.english[0];
  return english ? capitalized(english) : name;
}

/** Whose figure a quote is and from which report: `北京市（2025年政府工作报告）`, `Beijing (2025 government work report)`. */
export function sourceOf(passage: Passage, language: Language): string {
  // A document other than a work report is named by its own title.
  if (!passage.report.endsWith('政府工作报告')) return language === 'zh' ? `${passage.region}（${passage.report}）` : `${regionName(passage.region, 'en')} (${passage.report})`;
  return language === 'zh'
    ? `${passage.region}（${passage.year}年政府工作报告）`
    : `${regionName(passage.region, 'en')} (${passage.year} government work report)`;
}

/**
 * A quote as an answer gives it: whose it is and from which report, then the words of the report, then its citation
 * mark. A part of a larger answer is labelled by what it answers (`2023年`, `目标`) unless that is its region.
 */
export function quoted(passage: Passage, text: string, mark: string, language: Language, label = ''): string {
  const own = label === '' || label === passage.region;
  if (language === 'en') return `${own ? '' : `${label} — `}${sourceOf(passage, 'en')}: “${text}” ${mark}`;
  return own ? `${sourceOf(passage, 'zh')}：${text}${mark}` : `${label}（${passage.region}${passage.year}年政府工作报告）：${text}${mark}`;
}

const ENGLISH_KIND: Record<string, string> = {
  数量: 'number',
  百分比数字: 'percentage',
  排名: 'rank',
  日期: 'date',
  年龄: 'age',
  数字: 'figure',
  相应内容: 'answer',
};

/** `上海市2024年常住人口的数字`: what was asked for, as a refusal names it. */
function askedFor(query: Query, language: Language): string {
  const regions = query.regions.map((r) => regionName(r.name, language));
  const years = query.years.map((y) => (language === 'zh' ? `${y}年` : String(y)));
  const kind = valueKindName(query.value);
  if (language === 'en') {
    const what = ENGLISH_KIND[kind] ?? 'figure';
    const where = [...regions, ...years].join(', ');
    return `the ${what} asked for${where ? ` (${where})` : ''}`;
  }
  const topic = echoedTopic(topicResidue(query.words, findRegions(query.words)));
  const whose = `${regions.join('、')}${years.join('、')}${topic}`;
  return whose ? `${whose}的${kind}` : kind;
}

/**
 * The topic as a refusal repeats it: a phrase the asker wrote. Question words and fillers taken out of a colloquial
 * question leave pieces (`到 多 公园里大概有多大 已经拆围栏 …`) that glued together say nothing; the longest piece is
 * repeated when it holds most of the topic (`两化融合发展水平` of `两化融合发展水平 到`), and none otherwise.
 */
function echoedTopic(residue: string): string {
  const pieces = residue.split(/\s+/).filter((piece) => piece.length > 0);
  const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
  const total = pieces.reduce((n, piece) => n + piece.length, 0);
  return longest.length * 2 > total ? longest : '';
}

/** What a refusal says, in one line. `names`: regions or years the corpus lacks, for the codes that need them. */
export function refusalDetail(code: RefusalCode, query: Query, language: Language, names = ''): string {
  const zh = language === 'zh';
  switch (code) {
    case 'no-topic':
      return zh ? '问题里没有可以查找的内容；请说明想了解哪个地区、哪一年的什么情况。' : 'The question names nothing to look up; say which region, year and subject you mean.';
    case 'no-report':
      return zh ? `语料中没有${names}的政府工作报告，无法回答。` : `The corpus holds no government work report of ${names}.`;
    case 'period-missing':
      return zh ? `语料中没有涉及${names}年的政府工作报告，无法回答。` : `No report in the corpus covers ${names}.`;
    case 'filtered-out':
      return zh ? '问题所问的报告不在所选的地区或年份之内，无法回答；请调整筛选条件。' : 'The reports the question asks about are outside the selected region or year; change the filter.';
    case 'region-level': {
      const below = query.regions.filter((r) => r.level !== 'province').map((r) => regionName(r.name, language)).join('、');
      return zh
        ? `语料中没有${below}自己的政府工作报告，上级的报告也没有单独给出${below}的${valueKindName(query.value)}。`
        : `The corpus has no report of ${below} itself, and its province's report gives no ${ENGLISH_KIND[valueKindName(query.value)] ?? 'figure'} for it.`;
    }
    case 'not-stated':
      return zh ? `报告没有写明${names}。` : `The report does not state ${names}.`;
    // `names`: what is asked, then who gives it, if anyone does.
    case 'too-few-figures':
      return zh ? `${names}，不足以排序或比较。` : `${names}: too few to rank or compare.`;
    case 'no-evidence':
    case 'value-kind-missing':
      return zh ? `报告中没有${askedFor(query, 'zh')}。` : `The reports do not give ${askedFor(query, 'en')}.`;
    // Sentences give values of the kind asked for, and none surely answers: not a claim that the reports lack it.
    case 'low-confidence':
      return zh ? `没有在报告中找到能确切回答的${askedFor(query, 'zh')}。` : `No sentence of the reports surely gives ${askedFor(query, 'en')}.`;
  }
}
