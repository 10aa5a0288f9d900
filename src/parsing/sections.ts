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
 * Sections opened by inline leads end where the text turns back to the whole: an address to the deputies,
 * or a lead-in to a new list (`一年来，着重抓了以下工作：`).
 */
function closesInlineSections(paragraph: string): boolean {
  return /^各位代表/.test(paragraph) || /[：:]$/.test(paragraph);
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

  for (const block of blocks) {
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
    if (closesInlineSections(block.text)) {
      while (stack.at(-1)?.inline) stack.pop();
    }
    const lead = parseInlineLead(block.text);
    if (lead) open(lead.title, inAppendix ? lead.rank + 1 : lead.rank, true);
    paragraphs.push({ text: block.text, sectionPath: stack.map((s) => s.title) });
  }
  return { sections, paragraphs };
}
