/** Human-readable rendering of answers and ingest summaries for the terminal. */
import { reportSummary } from '../answering/reports.ts';
import type { Answer } from '../domain.ts';
import { compactTable } from '../serving/answer-table.ts';
import { sourcesList } from '../serving/plain-text.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { retrieversFor } from '../retrieval/modes.ts';

/** The answer, the rows an answer across reports rests on in aligned columns, then the sources. */
export function formatAnswer(answer: Answer): string {
  const table = compactTable(answer);
  return `答：${answer.answer}${table ? `\n\n${table}` : ''}${sourcesList(answer)}`;
}

export function ingestSummary(index: CorpusIndex) {
  return {
    reports: [...index.reports.values()].map((report) => {
      const { chunkCount, ...listed } = reportSummary(report);
      return { ...listed, file: report.file, chunks: chunkCount };
    }),
    chunkCount: index.chunkCount,
    /** The retrievers the index can serve. */
    retrievers: retrieversFor(index, 'hybrid').map((r) => r.name),
    embedding: index.dense
      ? { model: index.dense.embedder.identity.model, dimension: index.dense.embedder.identity.dimension, ...index.built }
      : null,
    /** Copies of a report already read, and files (or parts of files) that held none or could not be read. */
    omitted: index.omitted,
  };
}

export function formatIngest(index: CorpusIndex): string {
  const { duplicates, skipped } = index.omitted;
  const lines = [...index.reports.values()].map(
    (r) => `${r.id.padEnd(20)} ${r.title}  ${r.date ?? ''}  ${r.speaker ?? ''}  ${r.chunkCount} chunks  (${r.file})`,
  );
  lines.push(`${index.reports.size} reports, ${index.chunkCount} chunks.`);
  if (index.dense) {
    const { model, dimension } = index.dense.embedder.identity;
    const counts = index.built ? ` (${index.built.embedded} texts embedded, ${index.built.reused} from the cache)` : '';
    lines.push(`Vectors: ${model}, ${dimension}-d${counts}; --retrievers hybrid fuses them with lexical retrieval.`);
  } else {
    lines.push('Vectors: none; retrieval is lexical only.');
  }
  if (duplicates.length > 0) lines.push(`${duplicates.length} repeated copies left out.`);
  // A file refused whole has a code; a part of a file that held no report has none.
  for (const s of skipped) lines.push(s.code ? `Left out ${s.file} (${s.code}): ${s.reason}.` : `Left out part of ${s.file}: ${s.reason}.`);
  return lines.join('\n');
}
