/** Building the section tree from reflowed blocks and giving every paragraph its heading path. */
import type { Paragraph, Section } from '../domain.ts';
import { parseInlineLead } from './headings.ts';
import type { Block } from './reflow.ts';

interface OpenSection {
  title: string;
  rank: number;
  /** Opened by the lead sentence of a paragraph rather than a heading line. */
  inline: boolean;
}

/**
 * Sections opened by inline leads end where the text turns back to the whole: a lead-in to a new list
 * (`一年来，着重抓了以下工作：`), or an address to the deputies, unless the next section met is a sibling
 * of the open one (`各位代表！…今年继续实施10大类55项民生实事` between `（七）` and `（八）` belongs to `（七）`).
 */
function closesInlineSections(blocks: readonly Block[], at: number, open: OpenSection | undefined): boolean {
  const block = blocks[at];
  if (block?.type !== 'paragraph' || !open?.inline) return false;
  if (/[：:]$/.test(block.text)) return true;
  if (!/^各位代表/.test(block.text)) return false;
  for (const next of blocks.slice(at + 1)) {
    if (next.type === 'heading') return true;
    const lead = parseInlineLead(next.text);
    if (lead) return lead.rank !== open.rank;
  }
  return true;
}

export function assignSections(blocks: readonly Block[]): { sections: Section[]; paragraphs: Paragraph[] } {
  const sections: Section[] = [];
  const paragraphs: Paragraph[] = [];
  const stack: OpenSection[] = [];
  let inAppendix = false;

  const open = (title: string, rank: number, inline: boolean): void => {
    while ((stack.at(-1)?.rank ?? 0) >= rank) stack.pop();
    stack.push({ title, rank, inline });
    sections.push({ title, level: stack.length, path: stack.map((s) => s.title) });
  };

  for (const [at, block] of blocks.entries()) {
    if (block.type === 'heading') {
      const { title, rank, appendix } = block.heading;
      if (appendix) {
        stack.length = 0;
        inAppendix = true;
        open(title, 1, false);
      } else {
        // Numbering restarts inside an appendix, one level below it.
        open(title, inAppendix ? rank + 1 : rank, false);
      }
      continue;
    }
    if (closesInlineSections(blocks, at, stack.at(-1))) {
      while (stack.at(-1)?.inline) stack.pop();
    }
    const lead = parseInlineLead(block.text);
    if (lead) open(lead.title, inAppendix ? lead.rank + 1 : lead.rank, true);
    paragraphs.push({ text: block.text, sectionPath: stack.map((s) => s.title), ...(block.page === undefined ? {} : { page: block.page }) });
  }
  return { sections, paragraphs };
}
