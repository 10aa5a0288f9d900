/**
 * Whether a sentence gives the question's quantity only as a ratio of it: `人均地区生产总值` or `占地区生产总值
 * 比重` share the words of `地区生产总值是多少` and answer something else.
 */

/** Shared runs shorter than this say too little of what the quantity is. */
const MIN_RUN = 4;
/** A quantity per person or per unit: `人均地区生产总值`, `单位地区生产总值能耗`. */
const PER = /(?:人均|单位)$/;
/** A share of the quantity: `占地区生产总值比重`, `相当于全市生产总值的比例`. */
const SHARE_BEFORE = /(?:占|相当于)[^，。；、]{0,4}$/;
const SHARE_AFTER = /^[^，。；、]{0,3}(?:比重|比例)/;

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

function isRatioAt(text: string, at: number, length: number): boolean {
  const before = text.slice(0, at);
  const after = text.slice(at + length);
  return PER.test(before) || (SHARE_BEFORE.test(before) && SHARE_AFTER.test(after));
}

function occurrences(text: string, run: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(run); at !== -1; at = text.indexOf(run, at + 1)) found.push(at);
  return found;
}

export function givesOnlyRatioOf(question: string, text: string): boolean {
  const run = longestSharedRun(question, text);
  if (run.length < MIN_RUN) return false;
  // A question asking for the ratio itself (`人均地区生产总值`) is answered by it.
  if (occurrences(question, run).some((at) => isRatioAt(question, at, run.length))) return false;
  return occurrences(text, run).every((at) => isRatioAt(text, at, run.length));
}
