import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkReport } from '../../src/chunking/chunk.ts';
import { evidencesOf, GOLD_KINDS, GoldFileError, readGold, sampleGold, type GoldItem } from '../../src/evaluation/gold.ts';
import { squash } from '../../src/evaluation/match.ts';
import { CORPUS_DIR, corpus, tempDir } from '../corpus.ts';

const EVAL_DIR = resolve(import.meta.dirname, '../../eval');
const gold = readGold(join(EVAL_DIR, 'gold.jsonl'));

const files = new Map<string, string>();
function fileText(file: string): string {
  const text = files.get(file) ?? readFileSync(join(CORPUS_DIR, file), 'utf8');
  files.set(file, text);
  return text;
}

/** Parsed paragraphs of the report, plus its front matter (title, session, speaker). */
function passagesOf(file: string, title: string): string[] {
  const report = corpus().reports.find((r) => r.file === file && r.title === title);
  if (!report) throw new Error(`no report "${title}" in ${file}`);
  const frontMatter = chunkReport(report).filter((c) => c.sectionPath.length === 0).map((c) => c.text);
  return [...report.paragraphs.map((p) => p.text), ...frontMatter];
}

function paragraphsHolding(item: GoldItem): string[] {
  return evidencesOf(item).map((e) => {
    const paragraph = passagesOf(e.file, e.report).find((text) => squash(text).includes(squash(e.evidence)));
    if (!paragraph) throw new Error(`${item.id}: no paragraph of ${e.report} holds "${e.evidence}"`);
    return paragraph;
  });
}

describe('the gold set', () => {
  it('has at least 150 items of every kind the issue asks for', () => {
    const count = (...kinds: string[]) => gold.items.filter((item) => kinds.includes(item.kind)).length;
    expect(gold.items.length).toBeGreaterThanOrEqual(150);
    expect(count('comparison', 'multi-report')).toBeGreaterThanOrEqual(15);
    expect(count('unanswerable')).toBeGreaterThanOrEqual(10);
    expect(count('english')).toBeGreaterThanOrEqual(10);
    expect(count('paraphrase')).toBeGreaterThanOrEqual(15);
    expect(count('everyday')).toBeGreaterThanOrEqual(20);
    expect(count('multi-part')).toBeGreaterThanOrEqual(12);
    expect(count('follow-up')).toBeGreaterThanOrEqual(12);
  });

  it('asks about every report of the corpus at least twice', () => {
    const asked = new Map<string, number>();
    for (const e of gold.items.flatMap(evidencesOf)) asked.set(e.report, (asked.get(e.report) ?? 0) + 1);
    for (const report of corpus().reports) expect(asked.get(report.title) ?? 0, report.title).toBeGreaterThanOrEqual(2);
  });
});

describe('the holdout set', () => {
  it('holds at least 6 items of every kind', () => {
    const { items } = readGold(join(EVAL_DIR, 'holdout.jsonl'));
    // The holdout set was written before questions across reports were a kind of their own.
    for (const kind of GOLD_KINDS.filter((k) => k !== 'aggregate')) expect(items.filter((item) => item.kind === kind).length, kind).toBeGreaterThanOrEqual(6);
  });
});

describe.each(['gold.jsonl', 'holdout.jsonl'])('the items of %s', (file) => {
  const { items } = readGold(join(EVAL_DIR, file));
  const answerable = items.filter((item) => item.kind !== 'unanswerable');

  it('quote every piece of evidence exactly from its file', () => {
    for (const e of answerable.flatMap(evidencesOf)) {
      expect(e.evidence.length).toBeGreaterThanOrEqual(10);
      expect(e.evidence.length).toBeLessThanOrEqual(60);
      expect(fileText(e.file).includes(e.evidence), `${e.file} lacks "${e.evidence}"`).toBe(true);
    }
  });

  it('find every must_contain string in the paragraph holding its evidence', () => {
    for (const item of answerable) {
      const paragraphs = paragraphsHolding(item);
      for (const needed of item.must_contain) {
        expect(paragraphs.some((p) => squash(p).includes(squash(needed))), `${item.id}: "${needed}"`).toBe(true);
      }
    }
  });

  it('name sections by headings that the file prints', () => {
    const squashed = new Map<string, string>();
    for (const e of answerable.flatMap(evidencesOf)) {
      const text = squashed.get(e.file) ?? squash(fileText(e.file));
      squashed.set(e.file, text);
      for (const heading of e.section.split('>').map(squash).filter(Boolean)) {
        expect(text.includes(heading), `${e.report}: heading "${heading}"`).toBe(true);
      }
    }
  });

  it('date every question that asks about a relative year', () => {
    const relative = /今年|去年|明年|前年|上一年|this year|last year|next year/i;
    for (const item of items.filter((i) => relative.test(i.question))) {
      expect(item.asked_on, `${item.id}: "${item.question}" needs asked_on`).toBeDefined();
    }
  });

  it('give multi-part items evidence for every part', () => {
    for (const item of items.filter((i) => i.kind === 'multi-part')) {
      expect(item.extra_evidence?.length ?? 0, item.id).toBeGreaterThanOrEqual(1);
      expect(item.must_contain.length, item.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('mark unanswerable items as such, with nothing to find', () => {
    for (const item of items.filter((i) => i.kind === 'unanswerable')) {
      expect(item).toMatchObject({ answer: 'NOT_IN_CORPUS', must_contain: [], evidence: '' });
    }
  });
});

describe('reading gold files', () => {
  const write = (lines: string[]) => {
    const file = join(tempDir('zbwd-gold-'), 'gold.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const valid = gold.items[0] as GoldItem;

  it('names every bad line and what is wrong with it', () => {
    const file = write([
      JSON.stringify(valid),
      '{not json',
      JSON.stringify({ ...valid, id: 'x-1', kind: 'riddle' }),
      JSON.stringify({ ...valid, id: 'x-2', evidence: '' }),
      JSON.stringify(valid),
    ]);
    const error = (() => {
      try {
        readGold(file);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(GoldFileError);
    const { message } = error as GoldFileError;
    expect(message).toContain('4 invalid line(s)');
    expect(message).toContain('line 2: not valid JSON');
    expect(message).toMatch(/line 3: kind/);
    expect(message).toContain('line 4: item: an answerable item needs evidence and report');
    expect(message).toContain(`line 5: id "${valid.id}" is used twice`);
  });

  it('keeps the date a question is asked on, and refuses one not written YYYY-MM-DD', () => {
    const dated = readGold(write([JSON.stringify({ ...valid, asked_on: '2025-03-10' })]));
    expect(dated.items[0]?.asked_on).toBe('2025-03-10');
    expect(readGold(write([JSON.stringify(valid)])).items[0]?.asked_on).toBeUndefined();
    expect(() => readGold(write([JSON.stringify({ ...valid, asked_on: '2025-3-10' })]))).toThrow(/line 1: asked_on/);
  });

  it("keeps a follow-up's conversation, and refuses a follow-up without one or a conversation elsewhere but in an aggregate item", () => {
    const conversation = [{ question: '2024年上海GDP增长多少？' }];
    const followUp = readGold(write([JSON.stringify({ ...valid, kind: 'follow-up', conversation })]));
    expect(followUp.items[0]?.conversation).toEqual(conversation);
    expect(readGold(write([JSON.stringify({ ...valid, kind: 'aggregate', conversation })])).items[0]?.conversation).toEqual(conversation);
    expect(() => readGold(write([JSON.stringify({ ...valid, kind: 'follow-up' })]))).toThrow(/a follow-up item needs a conversation/);
    expect(() => readGold(write([JSON.stringify({ ...valid, conversation })]))).toThrow(/a follow-up item needs a conversation/);
  });

  it('refuses a missing or empty file', () => {
    expect(() => readGold(join(tempDir('zbwd-gold-'), 'none.jsonl'))).toThrow(/cannot read gold file/);
    expect(() => readGold(write(['']))).toThrow(/holds no gold items/);
  });

  it('takes the same sample, spread evenly over the kinds, every time', () => {
    const size = GOLD_KINDS.length * 4;
    const sample = sampleGold(gold.items, size);
    expect(sample).toHaveLength(size);
    expect(sampleGold([...gold.items].reverse(), size).map((i) => i.id).sort()).toEqual(sample.map((i) => i.id).sort());
    const perKind = new Map<string, number>();
    for (const item of sample) perKind.set(item.kind, (perKind.get(item.kind) ?? 0) + 1);
    expect([...perKind.keys()].sort()).toEqual([...GOLD_KINDS].sort());
    expect([...perKind.values()]).toEqual(Array(GOLD_KINDS.length).fill(4));
  });
});
