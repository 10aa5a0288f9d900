/**
 * Everyday phrasing turned into the reports' own: relative years (`去年`, `last year`, `24年`) become absolute
 * ones against the date the question is asked, an English five-year plan becomes the reports' `“十四五”`, and the
 * abbreviations people use (`GDP`, `社零`, `固投`) become the terms the reports write.
 */

/**
 * Abbreviations of the statistics the reports give, and the reports' term for each. Only entries that the gold
 * questions showed lexical search to miss; longer ones are matched first.
 */
const ABBREVIATIONS: Record<string, string> = {
  GDP: '地区生产总值',
  CPI: '居民消费价格',
  社零总额: '社会消费品零售总额',
  社零: '社会消费品零售总额',
  固投: '固定资产投资',
  规上: '规模以上',
  财政收入: '一般公共预算收入',
  外贸: '进出口',
  人均收入: '人均可支配收入',
  经济总量: '经济总量 地区生产总值',
  细颗粒物: '细颗粒物 PM2.5',
};

const ABBREVIATION = new RegExp(
  Object.keys(ABBREVIATIONS)
    .sort((a, b) => b.length - a.length)
    .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'gi',
);

/** Years counted back from the year of asking. `比去年`, `较上年` compare with the year before the figure's own. */
const RELATIVE_CHINESE: [RegExp, number][] = [
  [/(?<![比较同])前年/g, -2],
  [/(?<![比较同])(?:去年|上一年)/g, -1],
  [/今年/g, 0],
  [/明年/g, 1],
];
const RELATIVE_ENGLISH: [RegExp, number][] = [
  [/\bthe year before last\b/gi, -2],
  [/\blast year(?:'s)?\b/gi, -1],
  [/\bthis year(?:'s)?\b/gi, 0],
  [/\bnext year(?:'s)?\b/gi, 1],
];
/** The five-year plans by number, as the reports name them: `the 14th Five-Year Plan` is `“十四五”`. */
const FIVE_YEAR_PLAN_ENGLISH = /\b(?:the\s+)?(1[3-6])th\s+five[-\s]year\s+plan\b/gi;
const PLAN_NUMBERS: Record<string, string> = { '13': '十三', '14': '十四', '15': '十五', '16': '十六' };

/** `24年` for 2024, but not a count of years (`30年来`, `连续39年`, `近5年`). */
const TWO_DIGIT_YEAR = /(?<![\d.连续近第多过去每约超逾])(1\d|2\d)年(?![来以内间多前])/g;

export interface Everyday {
  /** The question in the reports' terms and absolute years. */
  text: string;
  /** What was read differently, e.g. `去年 → 2025年`, `GDP → 地区生产总值`. */
  readings: string[];
}

/** The reports' term for an abbreviation the pattern above matched, in any case. */
function writtenOut(abbreviation: string): string {
  return ABBREVIATIONS[abbreviation.toUpperCase()] ?? ABBREVIATIONS[abbreviation] ?? abbreviation;
}

/** A text with the abbreviations above written out as the reports' terms; the reports use some of them too (`规上`). */
export function inReportTerms(text: string): string {
  return text.replace(ABBREVIATION, writtenOut);
}

/** Mostly Latin letters: a question in English. */
export function isEnglish(text: string): boolean {
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  const chinese = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  return latin > chinese * 2;
}

export function readEveryday(question: string, today: Date): Everyday {
  const year = today.getUTCFullYear();
  const readings: string[] = [];
  const replace = (text: string, pattern: RegExp, by: (match: string, ...groups: string[]) => string): string =>
    text.replace(pattern, (match: string, ...groups: string[]) => {
      const replacement = by(match, ...groups);
      if (replacement !== match) readings.push(`${match} → ${replacement}`);
      return replacement;
    });
  let text = question;
  for (const [pattern, offset] of RELATIVE_CHINESE) text = replace(text, pattern, () => `${year + offset}年`);
  for (const [pattern, offset] of RELATIVE_ENGLISH) text = replace(text, pattern, () => `in ${year + offset}`);
  text = replace(text, TWO_DIGIT_YEAR, (_match, short = '') => `20${short}年`);
  text = replace(text, FIVE_YEAR_PLAN_ENGLISH, (match, n = '') => (PLAN_NUMBERS[n] ? `“${PLAN_NUMBERS[n]}五”` : match));
  // An English question keeps its abbreviations: the multilingual model reads `GDP` within English better than
  // a Chinese term inside it, and the English glossary gives the lexical search the reports' terms.
  if (!isEnglish(question)) {
    text = replace(text, ABBREVIATION, writtenOut);
  }
  return { text, readings };
}
