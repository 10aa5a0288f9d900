/**
 * Where a clause names an indicator, and whether it names the report's own: the words right before the name may
 * say whose figure it is (`全省`, `2024年`, `预计`), but any other word (`海洋`, `县域`, `全国`, `贵安新区直管区`,
 * `人均`, `占…比重`) makes it another region's, a part's or another indicator's, and the figure is left out.
 */
import { INDICATORS, type Indicator } from './definitions.ts';

export interface Mention {
  variant: string;
  /** Where the name starts and ends in the text searched. */
  at: number;
  end: number;
  /** The indicators the name may stand for; the figure stated says which. */
  candidates: readonly Indicator[];
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const BY_VARIANT = new Map<string, Indicator[]>();
for (const indicator of INDICATORS) {
  for (const variant of indicator.variants) BY_VARIANT.set(variant, [...(BY_VARIANT.get(variant) ?? []), indicator]);
}

/** Longest first, so that `人均地区生产总值` is read as itself and not as `地区生产总值`. */
const VARIANT = new RegExp([...BY_VARIANT.keys()].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');

export function findMentions(text: string): Mention[] {
  return [...text.matchAll(VARIANT)].map((match) => {
    const at = match.index ?? 0;
    return { variant: match[0], at, end: at + match[0].length, candidates: BY_VARIANT.get(match[0]) ?? [] };
  });
}

/**
 * Words that may stand before an indicator's name without making it another's: the report's own region, the
 * year, how the figure is known or said, list markers. Anything else left over is a modifier.
 */
const NEUTRAL_WORDS = [
  '全省', '全市', '全区', '全疆', '全州', '全自治区', '我省', '我市', '我区', '本市', '全社会',
  '全年', '今年', '年内', '当年', '去年', '上年', '一年来', '过去一年', '\\d{4}年',
  '初步预计', '初步统计', '初步核算', '据初步核算', '预计', '初步', '实现', '完成', '确保', '力争', '争取', '努力', '推动',
  '其中', '同时', '此外', '另外', '以及', '并', '及', '和', '也', '还', '均',
  '——', '—', '“', '”', '、', '\\s', '[一二三四五六七八九十]是', '（[一二三四五六七八九十]+）', '\\d+\\.',
];

function neutralPattern(region: string, short: string): RegExp {
  const names = [...new Set([region, short])].filter((n) => n.length >= 2).map(escape);
  return new RegExp(`^(?:${[...names, ...NEUTRAL_WORDS].join('|')})*$`);
}

const patterns = new Map<string, RegExp>();

/** Whether the words before a name leave it the report's own indicator (`全省地区生产总值`, not `海洋生产总值`). */
export function isOwnSubject(prefix: string, region: string, short: string): boolean {
  const key = `${region}\u0000${short}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = neutralPattern(region, short);
    patterns.set(key, pattern);
  }
  return pattern.test(prefix);
}
