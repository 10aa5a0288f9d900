/**
 * A saved web page as the lines of its report: parsed by a real HTML parser (linkedom), its main content taken by
 * Readability (navigation, sidebars, scripts and footers dropped), its headings and paragraphs kept, its address from
 * `<link rel=canonical>` or `og:url`. A page larger or deeper than a report's is refused before it is walked.
 */
import { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import { AppError } from '../../errors.ts';
import { parseTitleLine } from '../lines.ts';
import { domLines, type DomNode } from './dom-lines.ts';
import type { FileLimits } from './limits.ts';

export interface HtmlText {
  lines: string[];
  /** The page's own address, when it states one. */
  sourceUrl?: string;
}

/** Start tags in the source: at least as many elements as the parser will make, counted before it makes them. */
function countStartTags(html: string): number {
  let count = 0;
  const tag = /<[A-Za-z]/g;
  while (tag.exec(html)) count++;
  return count;
}

/**
 * The deepest nesting of the page's elements, measured by the parser linkedom builds its tree with (so with the same
 * implied ends and void elements) but without building one: a deep tree takes linkedom time that grows with its
 * square (100,000 nested tags, 5 s). Stops counting past `limit`.
 */
function nestingDepth(html: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) parser.reset();
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(html);
  return deepest;
}

type Page = ReturnType<typeof parseHTML>['document'];

function pageUrl(document: Page): string | undefined {
  const candidates = [
    document.querySelector('link[rel~="canonical" i]')?.getAttribute('href'),
    document.querySelector('meta[property="og:url" i]')?.getAttribute('content'),
  ];
  for (const candidate of candidates) {
    try {
      const url = new URL((candidate ?? '').trim());
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // Not an absolute address: a saved page's relative link says nothing of where it was.
    }
  }
  return undefined;
}

/** A dated report title the content lacks, from the page's title (`2025年政府工作报告_贵阳市人民政府`) or its first `h1`. */
function missingTitle(lines: readonly string[], candidates: readonly (string | null | undefined)[]): string | undefined {
  if (lines.slice(0, 5).some((line) => parseTitleLine(line.replace(/^#+\s*/, '')))) return undefined;
  for (const candidate of candidates) {
    for (const part of (candidate ?? '').split(/\s*[_|｜\-–—]\s*/)) {
      if (parseTitleLine(part)?.year) return part.trim();
    }
  }
  return undefined;
}

/** Elements that surround a page's content and are dropped when Readability finds no article. */
const CHROME = 'script, style, noscript, template, nav, header, footer, aside, form, iframe';

export function readHtml(html: string, name: string, limits: FileLimits): HtmlText {
  const tags = countStartTags(html);
  if (tags > limits.maxHtmlElements) {
    throw new AppError('file-too-complex', `${name} has ${tags} elements, more than the ${limits.maxHtmlElements} a page of a report is read with`);
  }
  if (nestingDepth(html, limits.maxHtmlDepth) > limits.maxHtmlDepth) {
    throw new AppError('file-too-complex', `${name} nests its elements deeper than the ${limits.maxHtmlDepth} levels read`);
  }
  const { document } = parseHTML(html);
  const sourceUrl = pageUrl(document);
  const titles = [document.title, document.querySelector('h1')?.textContent];
  const article = new Readability(document, { maxElemsToParse: limits.maxHtmlElements, charThreshold: 200 }).parse();
  let lines: string[];
  if (article?.content) {
    lines = domLines(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body as unknown as DomNode);
  } else {
    const { document: page } = parseHTML(html);
    for (const element of Array.from(page.querySelectorAll(CHROME) as ArrayLike<{ remove(): void }>)) element.remove();
    lines = domLines(page.body as unknown as DomNode);
  }
  const title = missingTitle(lines, [article?.title, ...titles]);
  return { lines: title ? [title, ...lines] : lines, ...(sourceUrl ? { sourceUrl } : {}) };
}
