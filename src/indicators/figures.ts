/**
 * The figures stated right after an indicator's name: `增长5.5%左右`, `达到5154.75亿元、同比增长6%`,
 * `控制在5%以内`, `5.0%—5.5%`. Only verbs, hedges and words of comparison may stand between the name and its
 * figure; anything else (`高于全国0.7个百分点`, `分别`) means the figure is not the name's alone.
 */
import { INDICATORS, unitsOf } from './definitions.ts';

/** What a figure states, read from its unit and verb. */
export type FigureType = 'growth' | 'decline' | 'level' | 'amount';

export interface Figure {
  type: FigureType;
  low: number;
  /** Set for a range (`5%—5.5%`). */
  high?: number;
  unit: string;
  qualifier?: string;
  /** The words between the name and the number (`同比增长`, `控制在`). */
  bridge: string;
  /** Where the figure's words start (after the name) and where it ends, in the text read. */
  start: number;
  end: number;
  /** An average or sum over years (`年均增长`, `累计`), not a year's figure. */
  multiYear: boolean;
  /** Said as expected or preliminary (`预计增长`). */
  estimate: boolean;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const UNITS = [...new Set(['%', '％', ...INDICATORS.flatMap(unitsOf)])].sort((a, b) => b.length - a.length);
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const FIGURE = new RegExp(
  `(${NUMBER})(?:\\s*[%％]?\\s*[—–\\-~～至到]\\s*(${NUMBER}))?\\s*(${UNITS.map(escape).join('|')})(左右|以上|以内|以下|上下)?`,
);

/** Words that may stand between a name and its figure. */
const BRIDGE = new RegExp(
  `^(?:${[
    '同比', '比上年', '较上年', '比去年', '同口径', '总额', '总量', '指数', '平均', '年均', '累计', '预计', '初步', '首次', '全年', '当年',
    '稳定', '继续', '持续', '进一步', '保持', '将', '要', '力争', '争取', '确保', '努力', '实现', '完成', '达到', '达', '为', '是', '在',
    '提高到', '提高至', '提升到', '提升至', '提高', '提升', '升至', '降至', '降到', '降低到', '降低至', '下降到', '下降至', '降低', '下降',
    '减少', '回落', '增长', '增速', '增幅', '涨幅', '上涨', '增加到', '增加至', '增加', '增至', '突破', '超过', '超', '跨上', '迈上', '跨过',
    '控制在', '稳定在', '保持在', '不少于', '不低于', '不超过', '低于', '约', '近', '接近', '逾', '了', '的', '\\s',
  ].join('|')})*$`,
);
const GROWTH_WORD = /增长|增速|增幅|涨幅|上涨|(?:提高|提升|增加)(?![到至值])/;
const DECLINE_WORD = /(?:下降|降低|减少|回落)(?![到至])/;
const MULTI_YEAR = /年均|累计/;
const ESTIMATE = /预计|初步/;
/** A hedge written before the figure: `超过640万人`, `控制在5%以内`. */
const HEDGE_BEFORE = /(力争|约|近|接近|超过|超|逾|突破|不少于|不低于|不超过|低于|控制在|稳定在|保持在)(?:达到|达|在)?$/;

/** A figure followed by what passes it is a threshold of other things: `生产总值超200亿元县（区）达26个`. */
const THRESHOLD_OF = /^的?(?:县|区|市|镇|村|乡|企业|项目|家|个)/;

function typeOf(unit: string, bridge: string): FigureType {
  if (unit !== '%' && unit !== '％') return 'amount';
  if (DECLINE_WORD.test(bridge)) return 'decline';
  if (GROWTH_WORD.test(bridge)) return 'growth';
  return 'level';
}

/**
 * The figure right after `from`, when only bridging words come before it. `carried` holds words said before `from`
 * that apply to it too (the verb of a list: `增长5%、6.5%`); `name` is the indicator's name, which may say that the
 * figure is a change (`经济增长5.5%`).
 */
export function readFigure(text: string, from: number, to: number, carried = '', name = ''): Figure | undefined {
  const match = FIGURE.exec(text.slice(from, to));
  if (!match) return undefined;
  const bridge = text.slice(from, from + match.index);
  const [whole, low = '', high, unit = '', after] = match;
  if (!BRIDGE.test(bridge) || THRESHOLD_OF.test(text.slice(from + match.index + whole.length, to))) return undefined;
  const qualifier = after ?? HEDGE_BEFORE.exec(bridge)?.[1];
  const words = carried + bridge;
  return {
    type: typeOf(unit, name + words),
    low: Number(low),
    ...(high !== undefined ? { high: Number(high) } : {}),
    unit: unit === '％' ? '%' : unit,
    ...(qualifier ? { qualifier } : {}),
    bridge,
    start: from,
    end: from + match.index + whole.length,
    multiYear: MULTI_YEAR.test(words),
    estimate: ESTIMATE.test(words),
  };
}

/**
 * The figures of one name, joined by `、`: `57761亿元、增长5.5%`. A name that says a change (`经济增长`) makes
 * its figure one.
 */
export function readFigures(text: string, from: number, to: number, name = ''): Figure[] {
  const figures: Figure[] = [];
  let at = from;
  for (;;) {
    const figure = readFigure(text, at, to, '', figures.length === 0 ? name : '');
    if (!figure) break;
    figures.push(figure);
    if (text[figure.end] !== '、') break;
    at = figure.end + 1;
  }
  return figures;
}

/** A stretch goal after a target, in the same clause or the next: `、力争达到8%`, `，力争更好结果`. */
const STRETCH = /^[、，,；;]?\s*(?:在实际工作中|根据实际情况|实际工作中)?(?:努力)?(?:力争|争取)(?:达到|实现)?(?:(\d+(?:\.\d+)?)\s*[%％]|更好的?结果|更好)/;

export interface Stretch {
  text: string;
  value: number | null;
  end: number;
}

export function readStretch(text: string, from: number, to: number): Stretch | undefined {
  const match = STRETCH.exec(text.slice(from, to));
  if (!match) return undefined;
  const said = match[0].replace(/^[、，,；;]\s*/, '');
  return { text: said, value: match[1] !== undefined ? Number(match[1]) : null, end: from + match[0].length };
}

/**
 * A target set in words, not numbers: `与经济增长同步`, `与全国一致`, `完成国家下达任务`, `保持正增长`. Read only
 * where targets are listed.
 */
const NUMBERLESS = /^(?:总额|指数)?(?:增长|增速|涨幅|收入增长|收入增速)?(?:与|和|同|高于|快于|不低于|保持|完成|实现|确保|力争|稳中|保稳|稳量|提质|控制在|进一步|继续|持续)/;
const NUMBERLESS_MAX_CHARS = 30;

export function isNumberlessTarget(rest: string): boolean {
  return rest.length <= NUMBERLESS_MAX_CHARS && !/\d/.test(rest) && NUMBERLESS.test(rest);
}
