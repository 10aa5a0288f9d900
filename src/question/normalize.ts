/**
 * A question as typed, made comparable with the reports: full-width digits, letters and punctuation folded
 * (`２０２４年北京ＧＤＰ增长多少？`, as many Chinese input methods type), markup dropped, spaces collapsed.
 */

/** Tags are markup, not words of a question; a script or style element is code, not words either. */
const CODE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const MARKUP = /<\/?[a-z][^<>]*>/gi;

export function normalizeQuestion(text: string): string {
  return text.normalize('NFKC').replace(CODE, ' ').replace(MARKUP, ' ').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();
}
