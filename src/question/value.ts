/**
 * What kind of value a question asks for, and whether a text gives one: the one table of definitional rules. A
 * question asking `多少万亩` needs an area, `多少岁` an age, `哪天` a date, `第几` a rank; a text that gives none
 * cannot answer it, however close its words come.
 */

export type UnitFamily = 'money' | 'people' | 'length' | 'area' | 'volume' | 'weight' | 'power' | 'energy' | 'containers' | 'things' | 'duration' | 'concentration';

export type ValueKind =
  /** A figure in a unit of measure: `多少万亩`, `how many tonnes`. */
  | 'amount'
  /** A percentage: a rate, a share, `百分之多少`. */
  | 'percent'
  /** A share of a whole, in percent: `占比`, `比重`, `R&D intensity`. */
  | 'share'
  /** Any figure: `多少`, `几个`, `how many`. */
  | 'number'
  /** A place in an order: `第几`, `排名`. */
  | 'rank'
  /** A day or month: `哪天`, `什么时候`. */
  | 'date'
  | 'age'
  /** Nothing in particular: `有哪些`, `是什么`, `怎么样`. */
  | 'description';

export interface ValueAsked {
  kind: ValueKind;
  /** The unit family of an amount asked for. */
  family?: UnitFamily;
  /** The unit as the question writes it (`万亩`, `辆`), or as the reports write the English one (`吨`). */
  unit?: string;
  /** Whether a change is asked for (`增长多少`, `how much did … grow`), which a percentage answers. */
  change: boolean;
  /** Whether the amount asked for is itself the change (`增加了多少万人`), which only the figure changed by gives. */
  changeInAmount?: boolean;
}

/** Units by family, longest first within each so that `万亿元` is read before `亿元`. */
const UNITS: Readonly<Record<UnitFamily, readonly string[]>> = {
  money: ['万亿元', '亿美元', '万美元', '亿元', '万元', '美元', '元'],
  people: ['万人次', '亿人次', '人次', '万人', '名', '人'],
  length: ['万公里', '公里', '千米', '米'],
  area: ['平方公里', '万平方米', '平方米', '万亩', '公顷', '亩'],
  volume: ['亿立方米', '万立方米', '立方米'],
  weight: ['亿吨', '万吨', '吨', '亿斤', '万斤', '公斤', '斤'],
  power: ['万千瓦', '千瓦', '兆瓦'],
  energy: ['亿千瓦时', '万千瓦时', '千瓦时', '度'],
  containers: ['万标箱', '标箱'],
  things: ['艘次', '个', '家', '座', '所', '条', '项', '套', '户', '辆', '台', '艘', '列', '架', '件', '张', '处', '批', '头', '只', '枝', '瓶', '栋', '间', '场', '部', '种', '支', '款'],
  duration: ['小时', '分钟', '天', '年'],
  concentration: ['微克/立方米'],
};

const ALL_UNITS = (Object.entries(UNITS) as [UnitFamily, readonly string[]][])
  .flatMap(([family, units]) => units.map((unit) => ({ family, unit })))
  .sort((a, b) => b.unit.length - a.unit.length);

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The family of a unit as written, `万亩` → area. */
export function unitFamily(unit: string): UnitFamily | undefined {
  return ALL_UNITS.find((u) => u.unit === unit)?.family;
}

/** `多少万亩`, `几个`, `多少辆`, `多少亿枝`: a unit right after the question word, perhaps after a multiplier. */
const ASKED_UNIT = new RegExp(`(?:多少|几)\\s*((?:万亿|亿|万|千|百)?\\s*(?:${ALL_UNITS.map((u) => escape(u.unit)).join('|')}))`);

/** The units an English question may ask its figure in, as the reports write them. */
const ENGLISH_UNITS: readonly [RegExp, string][] = [
  [/\b(?:in|how many) yuan\b|\bhow much money\b|\bhow much (?:did|does|will) [\w\s]{1,40}? (?:spend|invest|raise|cost)\b/i, '元'],
  [/\b(?:in|how many) (?:metric )?(?:tonnes|tons)\b/i, '吨'],
  [/\b(?:in|how many) (?:kilometres|kilometers|km)\b/i, '公里'],
  [/\b(?:in|how many) square (?:metres|meters)\b/i, '平方米'],
  [/\b(?:in|how many) mu\b/i, '亩'],
  [/\bhow many (?:[\w-]+ ){0,3}?(?:people|persons|residents|visitors|tourists|passengers|students|graduates|workers|patients|children|trips|visits)\b/i, '人'],
  [/\b(?:in|how many) (?:kilowatts|kw)\b/i, '千瓦'],
  [/\bhow many (?:hours|minutes|days|years)\b/i, '小时'],
];

/** A share of a whole: its figure is a percentage of that whole. */
const ASKS_SHARE = /比重|占比|比例|强度|\b(?:share|proportion|intensity)\b/i;
/** A rate or a percentage; `效率`, `汇率`, `频率`, `率先` are not. */
const ASKS_PERCENT = /百分之(?:多少|几)|多少\s*%|(?:几|多少)个?百分点|(?<![效频汇])率(?!先)|增速|增幅|涨幅|\b(?:rate|percentage|percent)\b/i;
const ASKS_RANK = /第几|排名|排第|位次|名列|哪一位|\bwhat rank\b|\branked?\b|\bwhere did [\w\s]+ rank\b/i;
const ASKS_DATE = /哪天|哪一天|几月几[日号]|几号|什么日期|何日|\bon what date\b|\bwhich day\b|\bwhat date\b/i;
const ASKS_AGE = /多少岁|几岁|多大岁数|多大年纪|岁数|\bhow old\b|\blife expectancy\b/i;
const ASKS_NUMBER = /多少|几[个项家座条所种批年]?|\bhow (?:many|much|long|far|big|high|large)\b|\bwhat (?:was|is|were|are) the (?:number|amount|total|value|level)\b|\bby how much\b/i;
/** `提高到多少` asks for the level reached, not the change; `增加值` is an indicator. */
const ASKS_CHANGE = /(?:增长|增速|增幅|下降|降低|提高|增加(?!值)|减少|上涨|涨幅|涨了|涨多少|翻番)(?![到至])|\b(?:grow|grew|growth|increase[ds]?|rise|rose|fall|fell|drop(?:ped)?|decline[ds]?)\b/i;

/**
 * A count of people asked for by who they are (`多少入境游客`, `几名毕业生`, `就业人数`): only a figure of people
 * gives it, whatever its measure word (`人次`, `万人`, `名`).
 */
const ASKS_PEOPLE = /(?:多少|几)(?:万|亿)?[\u4e00-\u9fff]{0,6}?(?:人口|人才|人员|游客|旅客|乘客|学生|毕业生|居民|职工|农民工|劳动力|患者|老人|老年人|儿童|员工|工人|市民|村民|农民|群众)|人数|人次/;

/** A change right before the amount asked for: `增加了多少万人`, `减少多少吨`. */
const CHANGE_ASKED_IN = /(?:增长|增加|提高|下降|降低|减少|压减|上涨)了?\s*$/;

export function readValueAsked(question: string): ValueAsked {
  const change = ASKS_CHANGE.test(question);
  const asked = (kind: ValueKind): ValueAsked => ({ kind, change });
  if (ASKS_AGE.test(question)) return asked('age');
  if (ASKS_DATE.test(question)) return asked('date');
  if (ASKS_RANK.test(question)) return asked('rank');
  if (ASKS_SHARE.test(question)) return asked('share');
  if (ASKS_PERCENT.test(question)) return asked('percent');
  const asksUnit = ASKED_UNIT.exec(question);
  // Who is counted says the unit only of a count; a change in it (`游客人次增长多少`) is a percentage as often.
  const unit =
    asksUnit?.[1]?.replace(/\s+/g, '') ?? ENGLISH_UNITS.find(([asks]) => asks.test(question))?.[1] ?? (!change && ASKS_PEOPLE.test(question) ? '人' : undefined);
  const family = unit ? (unitFamily(unit) ?? unitFamily(unitStem(unit))) : undefined;
  const changeInAmount = asksUnit !== null && CHANGE_ASKED_IN.test(question.slice(0, asksUnit.index));
  // `几个` asks a count, which any measure word gives: it says nothing of what is counted.
  if (unit && family && unit !== '个') return { kind: 'amount', family, unit, change, ...(changeInAmount ? { changeInAmount } : {}) };
  return asked(ASKS_NUMBER.test(question) ? 'number' : 'description');
}

/** A figure: digits, or a Chinese numeral before a measure word or in a fraction (`三分之二`, `5个`, `十件`). */
const CHINESE_DIGITS = '一二三四五六七八九十两百千万';
const FIGURE = new RegExp(`\\d|[${CHINESE_DIGITS}]+(?:[个项家座条所件批种类大])|[${CHINESE_DIGITS}]+分之[${CHINESE_DIGITS}]+|[${CHINESE_DIGITS}]成`);
const PERCENTAGE = /\d\s*[%％]|\d\s*个?百分点|百分之[\d一二三四五六七八九十]|[一二三四五六七八九十]+成/;
const SHARE_WORDS = /占|比重|比例|强度|率|覆盖|达到全国/;
const RANK = /第[一二三四五六七八九十\d]+(?:位|名|大|强)?|首位|首次|榜首|前列|前[一二三四五六七八九十\d]+(?:位|名|强)?|领先|居全国|全国之最|冠军/;
const DATE = /\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}\s*年\s*\d{1,2}\s*月|[一二三四五六七八九十]+月[一二三四五六七八九十]+日/;
const AGE = /\d+(?:\.\d+)?\s*岁/;
/** A figure a change is by: `增加2702亿元`, `下降3%`, `提高0.8个百分点`. */
const CHANGE_BY = /(?:增长|增加|提高|下降|减少|上涨|增|降|多|少)\D{0,3}\d/;

function figureIn(units: readonly string[]): RegExp {
  // `5154.75亿元`, `1.2万亿元`, `超8亿人次`, `50万辆`, `1,200公里`: a number, a multiplier, then the unit.
  return new RegExp(`\\d(?:[\\d.,]*\\d)?\\s*(?:多|余)?\\s*(?:万|亿|千|百)*\\s*(?:${units.map(escape).join('|')})`);
}

const FAMILY_FIGURE = Object.fromEntries(
  (Object.entries(UNITS) as [UnitFamily, readonly string[]][]).map(([family, units]) => [family, figureIn(units)]),
) as Record<UnitFamily, RegExp>;

/** Measure words that count the same kind of thing: machines, households and firms, trains, buildings. */
const COUNTED_ALIKE: readonly (readonly string[])[] = [
  ['台', '部', '套'],
  ['家', '户'],
  ['列', '班', '趟'],
  ['座', '栋', '幢'],
  ['所', '座'],
  ['艘', '艘次'],
];

/** The measure words a count asked in `unit` may be given in. */
function countedAlike(unit: string): string[] {
  return [...new Set([unit, '个', ...COUNTED_ALIKE.filter((group) => group.includes(unit)).flat()])];
}

/** The unit as a text may write it for the one asked: `万亩` asked, `亩` and `万亩` given. */
function unitStem(unit: string): string {
  return unit.replace(/^(?:万亿|万|亿|千|百)/, '') || unit;
}

export interface ValueGiven {
  /** Whether the text gives a value of the kind asked for (and of its unit family). */
  gives: boolean;
  /** Whether it gives the very unit asked (`辆` for `多少辆`), not only one of its family. */
  exactUnit: boolean;
  /** Whether every figure it gives is a percentage or a change: no count, no amount. */
  onlyPercent: boolean;
}

/**
 * Whether a clause gives the value asked for as the answer: an amount asked for, not as a change, is not given by a
 * percentage (`入境外国游客增长超90%` does not say how many came). Any figure asked for (`目标是多少`) may be one.
 */
export function clauseGives(clause: string, asked: ValueAsked): boolean {
  if (asked.kind === 'description') return true;
  // A change asked for (`增长多少`) is given as a percentage or a figure a change is by, not as any count (`30周年`).
  if (asked.kind === 'number' && asked.change && !PERCENTAGE.test(clause) && !CHANGE_BY.test(clause)) return false;
  // A change in an amount (`比上年增加了多少万人`) is given by the figure it changed by, not by the level reached.
  if (asked.kind === 'amount' && asked.changeInAmount && !CHANGE_BY.test(clause)) return false;
  const given = valueGiven(clause, asked);
  return given.gives && !(asked.kind === 'amount' && !asked.change && given.onlyPercent);
}

/** Whether a text gives the value a question asks for. */
export function valueGiven(text: string, asked: ValueAsked): ValueGiven {
  const figure = FIGURE.test(text);
  const percent = PERCENTAGE.test(text);
  const withoutPercent = text.replace(/\d+(?:\.\d+)?\s*[%％]|\d+(?:\.\d+)?\s*个?百分点/g, '');
  const onlyPercent = percent && !FIGURE.test(withoutPercent);
  const exact = (unit: string): boolean => figureIn([unitStem(unit)]).test(text);
  switch (asked.kind) {
    case 'amount': {
      const exactUnit = asked.unit ? exact(asked.unit) : figure;
      // Any count has a measure word: of things, only the one asked for (`辆`, `枝`), one counting the same kind of
      // thing (`台` for `部`), or the general `个` gives what is counted.
      const family = asked.family === 'things' && asked.unit ? figureIn(countedAlike(unitStem(asked.unit))).test(text) : asked.family ? FAMILY_FIGURE[asked.family].test(text) : figure;
      return { gives: family, exactUnit, onlyPercent };
    }
    case 'percent':
      return { gives: percent, exactUnit: percent, onlyPercent };
    case 'share':
      return { gives: percent && SHARE_WORDS.test(text), exactUnit: percent, onlyPercent };
    case 'rank':
      return { gives: RANK.test(text), exactUnit: RANK.test(text), onlyPercent };
    case 'date':
      return { gives: DATE.test(text), exactUnit: DATE.test(text), onlyPercent };
    case 'age':
      return { gives: AGE.test(text), exactUnit: AGE.test(text), onlyPercent };
    case 'number':
      return { gives: figure, exactUnit: figure, onlyPercent };
    case 'description':
      return { gives: true, exactUnit: false, onlyPercent };
  }
}

/** What a refusal says is missing: `以万亩计的数字`, `百分比数字`, `日期`. */
export function valueKindName(asked: ValueAsked): string {
  switch (asked.kind) {
    case 'amount':
      // A count of things is a number of them, whatever its measure word.
      return asked.family === 'things' ? '数量' : asked.unit ? `以${asked.unit}计的数字` : '数字';
    case 'percent':
    case 'share':
      return '百分比数字';
    case 'rank':
      return '排名';
    case 'date':
      return '日期';
    case 'age':
      return '年龄';
    case 'number':
      return '数字';
    case 'description':
      return '相应内容';
  }
}
