/**
 * How gold strings are found in retrieved passages, answers and citations. Whitespace is removed from both
 * sides (PDF text wraps anywhere) and full-width forms are folded (`５％` is `5%`).
 */
import { SECTION_SEPARATOR } from '../domain.ts';

export function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

export function containsSquashed(text: string, part: string): boolean {
  return squash(text).includes(squash(part));
}

/**
 * A cited section matches the gold one when every gold heading appears in the cited path, in order. The
 * cited path may go deeper (the fact lies inside the gold section) and may join headings the gold splits
 * (`附件 2025年10件惠民实事` for `附件 > 2025 年 10 件惠民实事`).
 */
export function sectionMatches(cited: string, gold: string): boolean {
  const headings = gold.split(SECTION_SEPARATOR.trim()).map(squash).filter(Boolean);
  if (headings.length === 0) return true;
  const path = squash(cited.split(SECTION_SEPARATOR.trim()).join(''));
  let from = 0;
  for (const heading of headings) {
    const at = path.indexOf(heading, from);
    if (at < 0) return false;
    from = at + heading.length;
  }
  return true;
}
