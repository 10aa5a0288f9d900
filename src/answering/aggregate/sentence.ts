/**
 * The one sentence of an answer across reports, in the asker's language, with the regions as the reports name them:
 * who is highest (ties named), who compares so, every region's figure, a region's years; each figure as the report
 * hedges it (`6%左右`, a range, `以上`), and the regions that state no number named as such.
 */
import type { Comparison } from '../../domain.ts';
import { amount, figureLabel } from '../../indicators/figure.ts';
import type { IndicatorRow } from '../../indicators/row.ts';
import { regionName, type Language } from '../wording.ts';
import type { AggregateAsk } from './read-form.ts';
import { comparable, figureOf, hasNumber } from './rows.ts';

const COMPARED: Record<Comparison['op'], { zh: string; en: string }> = {
  gt: { zh: '高于', en: 'above' },
  gte: { zh: '在{n}及以上', en: 'at or above' },
  lt: { zh: '低于', en: 'below' },
  lte: { zh: '在{n}及以下', en: 'at or below' },
  eq: { zh: '为', en: 'of' },
  ne: { zh: '不是', en: 'other than' },
};

/** An amount is the most, a rate the highest. */
const ENDS = {
  amount: { highest: { zh: '最多', en: 'highest' }, lowest: { zh: '最少', en: 'lowest' } },
  rate: { highest: { zh: '最高', en: 'highest' }, lowest: { zh: '最低', en: 'lowest' } },
} as const;

const REGIONS = { province: { zh: '省份', en: 'provinces' }, city: { zh: '城市', en: 'cities' } } as const;

const KIND = { target: { zh: '目标', en: 'target' }, result: { zh: '实际', en: 'result' } } as const;

/** A row's figure as the report hedges it: `6%左右`, `5%—5.5%（区间）`, `不少于26万人`, `7%以上（力争达到8%）`. */
export function figure(row: IndicatorRow, language: Language): string {
  const zh = language === 'zh';
  const label = figureLabel(row, language);
  if (label === undefined) return zh ? `未给出具体数字（${row.quote}）` : `no number (“${row.quote}”)`;
  if (row.value === null) return zh ? `${label}（区间）` : `${label} (a range)`;
  return label;
}

/** `西藏自治区`, or `Tibet (西藏自治区)` in English: the reports' name stays beside the English one. */
function who(region: string, language: Language): string {
  const english = regionName(region, language);
  return language === 'zh' || english === region ? region : `${english} (${region})`;
}

function named(rows: readonly IndicatorRow[], language: Language, withFigures: boolean): string {
  const items = rows.map((r) => (withFigures ? (language === 'zh' ? `${who(r.region, language)}（${figure(r, language)}）` : `${who(r.region, language)}: ${figure(r, language)}`) : who(r.region, language)));
  return items.join(language === 'zh' ? '、' : '; ');
}

/**
 * `湖南省未给出具体数字（…），不参与比较`: said whenever the answer compares and a region's figure has no number, or
 * one in a unit that does not convert to the others' (亿美元 beside 亿元).
 */
function notCompared(rows: readonly IndicatorRow[], language: Language): string {
  const left = rows.filter((r) => !comparable(r));
  if (left.length === 0) return '';
  const zh = language === 'zh';
  const why = (r: IndicatorRow): string => {
    if (hasNumber(r)) return zh ? `${r.region}以${r.unit}计（${figure(r, language)}）` : `${who(r.region, language)} states it in ${r.unit} (${figure(r, language)})`;
    return zh ? `${r.region}未给出具体数字（${r.quote}）` : `${who(r.region, language)} gives no number (“${r.quote}”)`;
  };
  if (zh) return `；${left.map(why).join('，')}，不参与比较`;
  return `; ${left.map(why).join(', ')}, so ${left.length === 1 ? 'it is' : 'they are'} not compared`;
}

function what(ask: AggregateAsk, year: number | undefined, language: Language): string {
  const kind = KIND[ask.kind][language];
  if (language === 'zh') return `${year === undefined ? '' : `${year}年`}${ask.indicator.name}${ask.kind === 'target' ? '目标' : ''}`;
  return `${year === undefined ? '' : `${year} `}${ask.indicator.nameEn} ${kind}`.trim();
}

/** `报告中只有贵阳市给出2024年地区生产总值增长的数字（6%）`: who gives the figure, when fewer than two do. */
export function tooFew({ ask, year, all }: Omit<SentenceInput, 'picked'>, language: Language): string {
  const zh = language === 'zh';
  const subject = what(ask, year, language);
  const regions = REGIONS[ask.level][language];
  const given = all.filter(comparable);
  const [only] = given;
  if (!only) return zh ? `报告中没有${regions}给出${subject}的数字` : `No ${regions} give a number for the ${subject}`;
  return zh ? `报告中只有${only.region}给出${subject}的数字（${figure(only, language)}）` : `Only ${who(only.region, language)} gives a number for the ${subject} (${figure(only, language)})`;
}

export interface SentenceInput {
  ask: AggregateAsk;
  year?: number;
  /** Every row compared or listed. */
  all: readonly IndicatorRow[];
  /** The rows the answer picks: the ranked, those comparing so, all of them. */
  picked: readonly IndicatorRow[];
}

export function sentence({ ask, year, all, picked }: SentenceInput, language: Language): string {
  const zh = language === 'zh';
  const subject = what(ask, year, language);
  const numbered = all.filter(comparable).length;
  const regions = REGIONS[ask.level][language];
  const among = zh ? `在报告给出${subject}数字的${numbered}个${regions}中` : `Of the ${numbered} ${regions} whose reports give a number for the ${subject}`;
  switch (ask.form) {
    case 'rank': {
      const end = ENDS[ask.indicator.measure === 'amount' ? 'amount' : 'rate'][ask.order ?? 'highest'][language];
      const same = new Set(picked.map((r) => figure(r, language))).size === 1;
      const [first] = picked;
      if (!first) return '';
      if ((ask.top ?? 1) > 1) {
        const rest = zh ? `${end}的${ask.top}个依次是${named(picked, language, true)}` : `the ${ask.top} ${end} are ${named(picked, language, true)}`;
        const ties = picked.length > (ask.top ?? 1) ? (zh ? `（末位并列，共${picked.length}个）` : ` (tied at the last place: ${picked.length} in all)`) : '';
        return zh ? `${among}，${rest}${ties}${notCompared(all, language)}。` : `${among}, ${rest}${ties}${notCompared(all, language)}.`;
      }
      if (picked.length === 1) {
        return zh
          ? `${among}，${first.region}${end}，为${figure(first, language)}${notCompared(all, language)}。`
          : `${among}, ${who(first.region, language)} is ${end}: ${figure(first, language)}${notCompared(all, language)}.`;
      }
      const tied = same ? `${named(picked, language, false)}${zh ? `并列${end}，均为${figure(first, language)}` : ` tie for ${end}, each at ${figure(first, language)}`}` : `${named(picked, language, true)}${zh ? `并列${end}` : ` tie for ${end}`}`;
      return zh ? `${among}，${tied}${notCompared(all, language)}。` : `${among}, ${tied}${notCompared(all, language)}.`;
    }
    case 'filter': {
      const comparison = ask.comparison;
      if (!comparison) return '';
      const number = amount(comparison.value, comparison.unit ?? ask.indicator.unit);
      const n = comparison.about ? (zh ? `${number}左右` : `about ${number}`) : number;
      const words = COMPARED[comparison.op];
      const condition = zh ? (words.zh.includes('{n}') ? words.zh.replace('{n}', n) : `${words.zh}${n}`) : `${words.en} ${n}`;
      if (picked.length === 0) {
        return zh ? `${among}，没有${condition}的${notCompared(all, language)}。` : `${among}, none is ${condition}${notCompared(all, language)}.`;
      }
      return zh
        ? `${among}，${condition}的有${picked.length}个：${named(picked, language, true)}${notCompared(all, language)}。`
        : `${among}, ${picked.length} ${picked.length === 1 ? 'is' : 'are'} ${condition}: ${named(picked, language, true)}${notCompared(all, language)}.`;
    }
    case 'list': {
      const figures = all.map(figureOf).filter((f): f is number => f !== undefined);
      const span = figures.length > 0 ? [Math.min(...figures), Math.max(...figures)].map((f) => amount(f, ask.indicator.unit)) : [];
      const none = all.filter((r) => !hasNumber(r)).map((r) => who(r.region, language));
      const from = span.length === 2 && span[0] !== span[1] ? (zh ? `，从${span[0]}到${span[1]}` : `, from ${span[0]} to ${span[1]}`) : '';
      const noneSaid = none.length > 0 ? (zh ? `；其中${none.join('、')}未给出具体数字` : `; ${none.join(', ')} give${none.length === 1 ? 's' : ''} no number`) : '';
      return zh ? `报告给出了${all.length}个${regions}的${subject}${from}${noneSaid}，逐一如下。` : `The reports give the ${subject} of ${all.length} ${regions}${from}${noneSaid}; each follows.`;
    }
    case 'series': {
      const region = who(ask.region?.name ?? '', language);
      const years = all.map((r) => (zh ? `${r.period}年${figure(r, language)}` : `${r.period}: ${figure(r, language)}`)).join(zh ? '，' : '; ');
      return zh ? `${region}历年${ask.indicator.name}（${KIND[ask.kind].zh}）：${years}。` : `${region}, ${ask.indicator.nameEn} (${KIND[ask.kind].en}s) by year: ${years}.`;
    }
  }
}
