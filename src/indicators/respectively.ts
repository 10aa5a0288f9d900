/**
 * Figures stated for several indicators at once with `分别`: `城镇、农村居民人均可支配收入分别增长5%、6.5%左右`,
 * `城乡居民人均可支配收入分别增长6.8%和8.3%`, `城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内`. The names
 * share their last words (`城镇` is `城镇居民人均可支配收入`), and the figures are matched to them in order.
 */
import { readFigure, type Figure } from './figures.ts';
import { findMentions, type Mention } from './mentions.ts';

export interface RespectiveFigure {
  /** Placed at `分别` in the text read: a name completed from the list's shared words is not a slice of it. */
  mention: Mention;
  /** The words after the name in its part of the list (`涨幅`), which may say the figure is a change. */
  suffix: string;
  figure: Figure;
}

const RESPECTIVELY = '分别';
const ITEM_SEPARATOR = /[、和]/;
const FIGURE_SEPARATOR = /^[、和与及]$/;
/** Words after a name that leave it the same indicator. */
const SUFFIX = /^(?:涨幅|增速|增幅|指数|总额)?$/;
const HEDGE_AFTER = /(?:左右|以上|以内|以下|上下)$/;
const CHANGE_SUFFIX = /涨幅|增速|增幅/;
/** `城乡居民…` is the urban and the rural figure. */
const BOTH = /^城乡/;

type OwnSubject = (prefix: string) => boolean;

/** The one name a part of the list is, with no modifier before it. */
function subjectOf(item: string, isOwn: OwnSubject): { mention: Mention; suffix: string } | undefined {
  const mentions = findMentions(item);
  const mention = mentions.at(-1);
  if (!mention || mentions.length > 1 || !isOwn(item.slice(0, mention.at))) return undefined;
  const suffix = item.slice(mention.end);
  return SUFFIX.test(suffix) ? { mention, suffix } : undefined;
}

/** A short part of the list takes the last part's shared words: `规模以上工业` + `…增加值`. */
function completed(item: string, last: string, isOwn: OwnSubject): { mention: Mention; suffix: string } | undefined {
  const own = subjectOf(item, isOwn);
  if (own) return own;
  for (let cut = 1; cut < last.length; cut++) {
    const subject = subjectOf(item + last.slice(cut), isOwn);
    if (subject) return subject;
  }
  return undefined;
}

function itemsOf(subjects: string): string[] {
  const items = subjects.split(ITEM_SEPARATOR).map((item) => item.trim());
  const only = items[0];
  if (items.length === 1 && only && BOTH.test(only)) return [only.replace(BOTH, '城镇'), only.replace(BOTH, '农村')];
  return items;
}

/** The figures after `分别`, one for each part of the list, or none when they do not pair up. */
function figuresAfter(text: string, from: number, to: number, count: number): Figure[] {
  const figures: Figure[] = [];
  let at = from;
  while (figures.length < count) {
    const first = figures[0];
    const figure = first ? readFigure(text, at + 1, to, first.bridge) : readFigure(text, at, to);
    if (!figure || (figures.length > 0 && !FIGURE_SEPARATOR.test(text[at] ?? ''))) return [];
    figures.push(figure);
    at = figure.end;
  }
  // A hedge after the last figure is the list's (`分别增长5%、6.5%左右`, `分别控制在5%和3%以内`).
  const last = figures.at(-1);
  const shared = last ? HEDGE_AFTER.exec(text.slice(last.start, last.end))?.[0] : undefined;
  return figures.map((f) => (!shared || HEDGE_AFTER.test(text.slice(f.start, f.end)) ? f : { ...f, qualifier: shared }));
}

/**
 * The figures of a clause stating several with `分别`, by name; undefined when the clause has no such list,
 * and an empty list when it has one that cannot be read with certainty.
 */
export function readRespectively(text: string, start: number, end: number, isOwn: OwnSubject): RespectiveFigure[] | undefined {
  const at = text.indexOf(RESPECTIVELY, start);
  if (at === -1 || at >= end) return undefined;
  const items = itemsOf(text.slice(start, at));
  const last = items.at(-1) ?? '';
  const figures = figuresAfter(text, at + RESPECTIVELY.length, end, items.length);
  if (items.length < 2 || figures.length !== items.length) return [];
  const read: RespectiveFigure[] = [];
  items.forEach((item, i) => {
    const subject = completed(item, last, isOwn);
    const figure = figures[i];
    if (!subject || !figure) return;
    // `居民消费价格涨幅…控制在3%以内`: the name's own words say the figure is a change.
    const type = figure.type === 'level' && CHANGE_SUFFIX.test(subject.suffix) ? 'growth' : figure.type;
    read.push({ ...subject, mention: { ...subject.mention, at, end: at }, figure: { ...figure, type } });
  });
  return read;
}
