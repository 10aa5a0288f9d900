/**
 * The items of a numbered enumeration a passage announces (`今年将继续办好“十件民生实事”。（1）办好人民满意的教育，…
 * （2）完善就业公共服务体系，…`): a list question is answered by the items, not by the sentence announcing them.
 */

/** Numbering styles, each read as a run of items numbered from one. */
const MARKERS: readonly { pattern: RegExp; value: (mark: string) => number }[] = [
  { pattern: /[（(](\d{1,2})[）)]/g, value: Number },
  { pattern: /(?<=^|[。；！\s])([一二三四五六七八九十]{1,2})是/g, value: chineseNumber },
  { pattern: /([①-⑳])/g, value: (mark) => mark.charCodeAt(0) - 0x2460 + 1 },
];

function chineseNumber(mark: string): number {
  const digits = '一二三四五六七八九';
  if (mark === '十') return 10;
  if (mark.startsWith('十')) return 10 + digits.indexOf(mark.slice(1)) + 1;
  return digits.indexOf(mark) + 1;
}

/** An item as listed: what it is, without the particulars after its first clause. */
const ITEM_CHARS = 40;

function itemOf(text: string): string {
  const head = text.split(/[，。；：,;:]/)[0]?.trim() ?? '';
  return head.length > ITEM_CHARS ? `${head.slice(0, ITEM_CHARS)}…` : head;
}

/** The items numbered 1, 2, 3 … from `from` on, in the first style that numbers at least two; undefined if none does. */
export function enumerationIn(text: string, from = 0): string[] | undefined {
  for (const { pattern, value } of MARKERS) {
    const marks = [...text.matchAll(pattern)].filter((m) => (m.index ?? 0) >= from);
    const run: { at: number; end: number }[] = [];
    for (const mark of marks) {
      if (value(mark[1] ?? '') !== run.length + 1) continue;
      run.push({ at: mark.index ?? 0, end: (mark.index ?? 0) + mark[0].length });
    }
    if (run.length < 2) continue;
    return run.map((m, i) => itemOf(text.slice(m.end, run[i + 1]?.at ?? text.length))).filter((item) => item.length > 0);
  }
  return undefined;
}
