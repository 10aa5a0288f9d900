/**
 * A question across reports answered from the indicator table, as any answer is: one sentence, then every row it
 * rests on quoted with its citation (the row's clause, its report, section and chunk), so that every surface shows
 * them as usual; its passages are the chunks the rows are read from. A ranking, comparison or list the table holds too
 * few figures for is refused; a series of fewer than two years goes the usual way.
 */
import type { Aggregate, Answer, Citation, Passage } from '../../domain.ts';
import type { Query } from '../../question/query.ts';
import type { IndicatorRow } from '../../indicators/row.ts';
import type { CorpusIndex } from '../../indexing/corpus-index.ts';
import { passagesOf as rankedPassages } from '../../retrieval/retrieve.ts';
import { round } from '../timing.ts';
import { relatedPassages } from '../join.ts';
import { quoted, refusalDetail, type Language } from '../wording.ts';
import type { AggregateAsk } from './read-form.ts';
import { byFigure, comparable, compares, ranked, rowsAsked } from './rows.ts';
import { sentence, tooFew } from './sentence.ts';

/** A ranking, a comparison or a list needs two regions' figures; a series, two years'. */
const MIN_ROWS = 2;

function citationOf(index: CorpusIndex, row: IndicatorRow, n: number): Citation | undefined {
  const report = index.reports.get(row.reportId);
  if (!report) return undefined;
  return { n, chunkId: row.chunkId, reportId: report.id, report: report.title, region: report.region, year: report.year, section: row.section, text: row.quote, score: 1 };
}

interface Picked {
  /** The rows the answer picks: the ranked, those comparing so, all of them. */
  picked: IndicatorRow[];
  /** The rows it shows, in the order it says them. */
  shown: IndicatorRow[];
  /** The rows its sentence names, first among its passages: the picked, or a list's figures without a number and ends. */
  named: IndicatorRow[];
}

function pick(ask: AggregateAsk, rows: readonly IndicatorRow[]): Picked {
  switch (ask.form) {
    case 'rank': {
      const order = ask.order ?? 'highest';
      const picked = ranked(rows, order, ask.top);
      return { picked, shown: byFigure(rows, order), named: picked };
    }
    case 'filter': {
      const comparison = ask.comparison;
      const picked = comparison ? byFigure(rows.filter((r) => compares(r, comparison))) : [];
      const shown = [...picked, ...rows.filter((r) => !comparable(r))];
      return { picked, shown, named: shown };
    }
    case 'list': {
      // Few state no number, and many may tie at an end: those first.
      const named = [...rows.filter((r) => !comparable(r)), ...ranked(rows, 'highest'), ...ranked(rows, 'lowest')];
      return { picked: [...rows], shown: [...rows], named };
    }
    case 'series':
      return { picked: [...rows], shown: [...rows], named: [...rows] };
  }
}

/** The chunks the rows are read from, each once, those the sentence names first. */
function passagesOf(index: CorpusIndex, { named, shown }: Picked): Promise<Passage[]> {
  const ids = [...new Set([...named, ...shown].map((row) => row.chunkId))];
  return rankedPassages(index, ids.map((chunkId) => ({ chunkId, score: 1 })));
}

/**
 * A ranking, comparison or list of fewer than two regions' figures is refused, saying who gives the figure: the usual
 * way would quote one region's sentence as if it answered across regions.
 */
async function tooFewFigures(
  index: CorpusIndex,
  ask: AggregateAsk,
  query: Query,
  year: number | undefined,
  rows: readonly IndicatorRow[],
  { question, retrievers, started }: { question: string; retrievers: readonly string[]; started: number },
): Promise<Answer> {
  const language: Language = ask.english ? 'en' : 'zh';
  const detail = refusalDetail('too-few-figures', query, language, tooFew({ ask, ...(year !== undefined ? { year } : {}), all: rows }, language));
  const passages = await rankedPassages(index, rows.map((row) => ({ chunkId: row.chunkId, score: 1 })));
  const ms = round(performance.now() - started);
  return {
    question,
    answer: detail,
    refused: true,
    decision: { kind: 'refuse', code: 'too-few-figures', detail, related: relatedPassages(passages) },
    citations: [],
    passages,
    retrievers: [...retrievers],
    timingsMs: { retrieve: 0, compose: ms, total: ms },
  };
}

/**
 * `within`: the reports a region or year filter leaves, when there is one. Undefined for a series of fewer than two
 * years, which the usual way answers.
 */
export async function answerAggregate(index: CorpusIndex, ask: AggregateAsk, query: Query, question: string, retrievers: readonly string[], within?: ReadonlySet<string>): Promise<Answer | undefined> {
  const started = performance.now();
  const language: Language = ask.english ? 'en' : 'zh';
  const table = within ? index.indicators.filter((r) => within.has(r.reportId)) : index.indicators;
  const { rows, year } = rowsAsked(table, ask);
  const enough = ask.form === 'list' ? rows.length >= MIN_ROWS : rows.filter(comparable).length >= MIN_ROWS;
  if (!enough && ask.form === 'series') return undefined;
  if (!enough) return tooFewFigures(index, ask, query, year, rows, { question, retrievers, started });
  const picked = pick(ask, rows);
  const { shown } = picked;
  const said = sentence({ ask, ...(year !== undefined ? { year } : {}), all: rows, picked: picked.picked }, language);
  const citations = shown.flatMap((row, i) => citationOf(index, row, i + 1) ?? []);
  if (!said || citations.length !== shown.length) return undefined;
  const lines = shown.map((row, i) => {
    const citation = citations[i] as Citation;
    return quoted(citation, row.quote, `[${citation.n}]`, language, ask.form !== 'series' ? '' : language === 'zh' ? `${row.period}年` : row.period);
  });
  const aggregate: Aggregate = {
    form: ask.form,
    kind: ask.kind,
    periods: ask.form === 'series' ? rows.map((r) => r.period) : [String(year)],
    ...(ask.order ? { order: ask.order } : {}),
    ...(ask.top ? { top: ask.top } : {}),
    ...(ask.comparison ? { comparison: ask.comparison } : {}),
  };
  const { indicator } = ask;
  const [first] = shown;
  const ms = round(performance.now() - started);
  return {
    question,
    answer: [said, ...lines].join('\n'),
    refused: false,
    decision: { kind: 'answer', confidence: 1, sentence: said, chunkId: first?.chunkId ?? '', features: {} },
    citations,
    aggregate,
    table: { indicator: { id: indicator.id, name: indicator.name, nameEn: indicator.nameEn, unit: indicator.unit }, rows: shown.map((row, i) => ({ ...row, n: i + 1 })) },
    passages: await passagesOf(index, picked),
    retrievers: [...retrievers],
    timingsMs: { retrieve: 0, compose: ms, total: ms },
  };
}
