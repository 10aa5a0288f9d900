/** Characters that look like the report's but are not, put right. */
import { RADICAL_PAIRS } from './radicals.ts';

const LOOKALIKES = (() => {
  const chars = Array.from(RADICAL_PAIRS);
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i] ?? '', chars[i + 1] ?? '');
  // The horizontal bar is the dash of `——2025年1月…` as Windows' code page 936 decodes it, and as fonts that draw
  // the two alike write it into a PDF.
  map.set('\u2015', '\u2014');
  return map;
})();

const LOOKALIKE = /[\u2e80-\u2fdf\u31c0-\u31ef\u2015]/gu;

/**
 * Radicals in place of the ideographs they look like (`⼯作` → `工作`, `⼈⺠` → `人民`): PDF fonts map a glyph the two
 * share to the radical, so the extracted text would match no question. Likewise the horizontal bar for the dash.
 */
export function foldLookalikes(text: string): string {
  return text.replace(LOOKALIKE, (char) => LOOKALIKES.get(char) ?? char);
}
