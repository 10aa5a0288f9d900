/**
 * Whether a text names the question's indicator only as part of another: `海洋生产总值`, `人均地区生产总值`,
 * `一产增加值` and `占地区生产总值比重` share the words of `地区生产总值` and measure something else.
 */

/** Shared runs shorter than this say too little of what the indicator is. */
const MIN_RUN = 4;
/** A quantity per person or per unit: `人均地区生产总值`, `单位地区生产总值能耗`. */
const PER = /(?:人均|单位)$/;
/** A share of the quantity: `占地区生产总值比重`, `相当于全市生产总值的比例`. */
const SHARE_BEFORE = /(?:占|相当于)[^，。；、]{0,4}$/;
const SHARE_AFTER = /^[^，。；、]{0,3}(?:比重|比例)/;
/**
 * Words before an indicator that say whose it is or how it is reported, not which indicator: `全省生产总值`,
 * `预计地区生产总值`, `2024年生产总值`.
 */
const NEUTRAL_BEFORE = /(?:全省|全市|全区|全州|全县|我省|我市|我区|全年|预计|实现|其中|年度|当年|初步|核算|地区|我们|今年|去年)$/;
const HAN = /[\u4e00-\u9fff]/;

/** The longest run of the question's characters, Chinese only, that the text also contains. */
function longestSharedRun(question: string, text: string): string {
  let best = '';
  for (let start = 0; start < question.length; start++) {
    for (let end = start + best.length + 1; end <= question.length; end++) {
      const run = question.slice(start, end);
      if (!/^[\u4e00-\u9fff]+$/.test(run) || !text.includes(run)) break;
      best = run;
    }
  }
  return best;
}

function occurrences(text: string, run: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(run); at !== -1; at = text.indexOf(run, at + 1)) found.push(at);
  return found;
}

function isRatioAt(text: string, at: number, length: number): boolean {
  const before = text.slice(0, at);
  return PER.test(before) || (SHARE_BEFORE.test(before) && SHARE_AFTER.test(text.slice(at + length)));
}

/** Two Chinese characters right before the run that make it another indicator (`海洋`, `一产`), not whose it is. */
function isModifiedAt(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 2), at).replace(/的$/, '');
  if (before.length < 2 || ![...before].every((c) => HAN.test(c))) return false;
  return !NEUTRAL_BEFORE.test(text.slice(0, at));
}

/** Whether every mention of the question's indicator in the text is of another indicator built on it. */
export function namesOtherIndicator(question: string, text: string): boolean {
  const run = longestSharedRun(question, text);
  if (run.length < MIN_RUN) return false;
  const asked = occurrences(question, run);
  // A question asking for the ratio itself (`人均地区生产总值`) is answered by it.
  if (asked.some((at) => isRatioAt(question, at, run.length))) return false;
  const askedModifiers = new Set(asked.map((at) => question.slice(Math.max(0, at - 2), at)));
  return occurrences(text, run).every(
    (at) => isRatioAt(text, at, run.length) || (isModifiedAt(text, at) && !askedModifiers.has(text.slice(Math.max(0, at - 2), at))),
  );
}
