/**
 * The indicator table: every figure of a known indicator each chunk states as the report's own, as a row with
 * its target or result, year, value and the clause that states it. Pure text: built without the embedding model.
 * A figure whose subject is in doubt (another region, a sector, a share of the indicator) is left out.
 */
import { formatSectionPath, type Chunk, type ReportMeta } from '../domain.ts';
import { lookupRegion } from '../regions.ts';
import { clausesOf, type Clause } from './clauses.ts';
import { figureContext } from './context.ts';
import { unitsOf, type Indicator, type Measure } from './definitions.ts';
import { isNumberlessTarget, readFigures, readStretch, type Figure, type FigureType } from './figures.ts';
import { findMentions, isOwnSubject, type Mention } from './mentions.ts';
import { readRespectively } from './respectively.ts';
import type { IndicatorRow } from './row.ts';

type ReportFacts = Pick<ReportMeta, 'id' | 'region' | 'year'>;

/** The measures a figure may be of, and the sign its value takes: `下降0.1%` is a growth of -0.1. */
const READINGS: Readonly<Record<FigureType, readonly { measure: Measure; sign: 1 | -1 }[]>> = {
  growth: [{ measure: 'growth', sign: 1 }],
  decline: [{ measure: 'decline', sign: 1 }, { measure: 'growth', sign: -1 }],
  level: [{ measure: 'level', sign: 1 }],
  amount: [{ measure: 'amount', sign: 1 }, { measure: 'level', sign: 1 }],
};

/** Which of the indicators a name may stand for the figure is of, by its kind and unit. */
function indicatorOf(candidates: readonly Indicator[], figure: Figure): { indicator: Indicator; sign: 1 | -1 } | undefined {
  for (const { measure, sign } of READINGS[figure.type]) {
    const indicator = candidates.find((c) => c.measure === measure && unitsOf(c).includes(figure.unit));
    if (indicator) return { indicator, sign };
  }
  return undefined;
}

/** A clause led by `力争` hedges every figure it lists: `力争货物贸易进出口总额增长15%、实际利用外资增长10%`. */
const LEAD_HEDGE = /力争/;

/** A target set in words stands for the name's change when it has one: `居民收入增长与经济增长同步`. */
const NUMBERLESS_PREFERENCE: readonly Measure[] = ['growth', 'decline', 'level', 'amount'];
/** Numberless targets are read only in a sentence listing targets. */
const LISTS_TARGETS = /目标/;

interface Place {
  report: ReportFacts;
  regionLevel: IndicatorRow['regionLevel'];
  chunk: Chunk;
  clause: Clause;
}

function rowOf(place: Place, mention: Mention, figure: Figure): IndicatorRow | undefined {
  const { report, chunk, clause } = place;
  const reading = indicatorOf(mention.candidates, figure);
  if (!reading) return undefined;
  const context = figureContext(chunk.sectionPath[0], report.year, chunk.text.slice(clause.sentenceStart, figure.end), chunk.text.slice(figure.end, clause.end));
  if (!context || (figure.multiYear && !context.period.includes('-'))) return undefined;
  const stretch = context.kind === 'target' ? readStretch(chunk.text, figure.end, clause.sentenceEnd) : undefined;
  const value = (n: number): number => reading.sign * n;
  const qualifier = figure.qualifier ?? LEAD_HEDGE.exec(chunk.text.slice(clause.start, mention.at))?.[0];
  return {
    indicator: reading.indicator.id,
    region: report.region,
    regionLevel: place.regionLevel,
    reportId: report.id,
    period: context.period,
    kind: context.kind,
    estimate: context.estimate,
    ...(figure.high !== undefined ? { value: null, low: value(figure.low), high: value(figure.high) } : { value: value(figure.low) }),
    unit: figure.unit,
    ...(qualifier ? { qualifier } : {}),
    ...(stretch ? { stretch: { text: stretch.text, value: stretch.value } } : {}),
    quote: chunk.text.slice(clause.start, Math.max(clause.end, stretch?.end ?? 0)).trim(),
    chunkId: chunk.id,
    section: formatSectionPath(chunk.sectionPath),
  };
}

function numberlessRow(place: Place, mention: Mention): IndicatorRow | undefined {
  const { report, chunk, clause } = place;
  const rest = chunk.text.slice(mention.end, clause.end);
  if (!isNumberlessTarget(rest)) return undefined;
  const before = chunk.text.slice(clause.sentenceStart, clause.end);
  const context = figureContext(chunk.sectionPath[0], report.year, before);
  if (context?.kind !== 'target' || !LISTS_TARGETS.test(chunk.text.slice(clause.sentenceStart, mention.at))) return undefined;
  const indicator = NUMBERLESS_PREFERENCE.map((m) => mention.candidates.find((c) => c.measure === m)).find((c) => c !== undefined);
  if (!indicator) return undefined;
  return {
    indicator: indicator.id,
    region: report.region,
    regionLevel: place.regionLevel,
    reportId: report.id,
    period: context.period,
    kind: 'target',
    estimate: false,
    value: null,
    unit: indicator.unit,
    quote: chunk.text.slice(clause.start, clause.end).trim(),
    chunkId: chunk.id,
    section: formatSectionPath(chunk.sectionPath),
  };
}

/** A report's own name a clause states no figure of, and where that clause starts. */
interface OpenSubject {
  mention: Mention;
  clauseStart: number;
}

interface ClauseReading {
  rows: IndicatorRow[];
  /** Set when the clause ends on an own name without its figure: the next clause may state it. */
  open?: OpenSubject;
}

/**
 * A clause with no name of its own that opens on a verb of the figure goes on with the name the clause before left
 * without one: `全省地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元、增长5.8%`.
 */
const GOES_ON = /^\s*(?:\d{4}\s*年)?\s*(?=同比增长|增长|达到|突破)/;

function continuedRows(place: Place, subject: OpenSubject): IndicatorRow[] {
  const { chunk, clause } = place;
  const lead = GOES_ON.exec(chunk.text.slice(clause.start, clause.end));
  if (!lead) return [];
  const figures = readFigures(chunk.text, clause.start + lead[0].length, clause.end, subject.mention.variant);
  // The quote runs from the name, so that it says whose figure it is.
  const quoted = { ...place, clause: { ...clause, start: subject.clauseStart } };
  return figures.flatMap((figure) => rowOf(quoted, subject.mention, figure) ?? []);
}

function clauseRows(place: Place, isOwn: (prefix: string) => boolean, carried?: OpenSubject): ClauseReading {
  const { chunk, clause } = place;
  const text = chunk.text;
  const respective = readRespectively(text, clause.start, clause.end, isOwn);
  if (respective) return { rows: respective.flatMap(({ mention, figure }) => rowOf(place, mention, figure) ?? []) };
  const mentions = findMentions(text.slice(clause.start, clause.end)).map((m) => ({ ...m, at: m.at + clause.start, end: m.end + clause.start }));
  if (mentions.length === 0) return { rows: carried ? continuedRows(place, carried) : [] };
  const rows: IndicatorRow[] = [];
  let open: OpenSubject | undefined;
  let consumed = clause.start;
  for (const [i, mention] of mentions.entries()) {
    if (mention.at < consumed) continue;
    const own = isOwn(text.slice(consumed, mention.at).replace(/^、/, ''));
    consumed = mention.end;
    open = undefined;
    if (!own) continue;
    const figures = readFigures(text, mention.end, mentions[i + 1]?.at ?? clause.end, mention.variant);
    if (figures.length === 0) {
      const numberless = numberlessRow(place, mention);
      // The rest of the clause is the target's wording, whatever names it holds (`与经济增长同步`).
      if (numberless) return { rows: [...rows, numberless] };
      open = { mention, clauseStart: clause.start };
      continue;
    }
    rows.push(...figures.flatMap((figure) => rowOf(place, mention, figure) ?? []));
    consumed = figures.at(-1)?.end ?? consumed;
  }
  return { rows, ...(open ? { open } : {}) };
}

export function extractIndicators(reports: readonly ReportFacts[], chunks: readonly Chunk[]): IndicatorRow[] {
  const byId = new Map(reports.map((r) => [r.id, r]));
  const rows: IndicatorRow[] = [];
  for (const chunk of chunks) {
    const report = byId.get(chunk.reportId);
    if (!report) continue;
    const region = lookupRegion(report.region);
    const isOwn = (prefix: string): boolean => isOwnSubject(prefix, report.region, region?.short ?? report.region);
    let previous: { sentenceStart: number; open?: OpenSubject } | undefined;
    for (const clause of clausesOf(chunk.text)) {
      const carried = previous?.sentenceStart === clause.sentenceStart ? previous.open : undefined;
      const reading = clauseRows({ report, regionLevel: region?.level ?? 'province', chunk, clause }, isOwn, carried);
      rows.push(...reading.rows);
      previous = { sentenceStart: clause.sentenceStart, ...(reading.open ? { open: reading.open } : {}) };
    }
  }
  return rows;
}
