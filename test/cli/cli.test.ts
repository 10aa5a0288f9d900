import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededIndexDir, tempDir } from '../corpus.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const env = { ...process.env, RAG_INDEX_DIR: seededIndexDir() };

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', ...(input ? { input } : {}) });
}

describe('the command line', () => {
  it('ingests the corpus and prints the JSON summary', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ingest', '--json'], { cwd: ROOT, env, encoding: 'utf8' });
    const summary = JSON.parse(out);
    expect(summary.reports).toHaveLength(35);
    expect(summary.chunkCount).toBe(summary.reports.reduce((n: number, r: { chunks: number }) => n + r.chunks, 0));
    expect(summary.reports[0]).toMatchObject({ id: '2025-guiyang', region: '贵阳市', year: 2025, speaker: '王宏' });
  });

  it('answers one question as JSON with citations', () => {
    const result = cli(['ask', '--json', '2024年北京市地区生产总值增长多少？']);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ refused: false, citations: [expect.objectContaining({ n: 1, reportId: '2025-beijing' })] });
    expect(Object.keys(answer.timingsMs)).toEqual(['retrieve', 'compose', 'total']);
  });

  it('answers a question across reports with the rows it rests on: in the JSON result, and aligned at the terminal', () => {
    const question = '哪个省2025年GDP增长目标最高？';
    const answer = JSON.parse(cli(['ask', '--json', question]).stdout);
    expect(answer.aggregate).toMatchObject({ form: 'rank', kind: 'target', periods: ['2025'], order: 'highest' });
    expect(answer.table.indicator).toMatchObject({ id: 'gdp_growth', unit: '%' });
    expect(answer.table.rows).toHaveLength(31);
    expect(answer.table.rows[0]).toMatchObject({ n: 1, region: '西藏自治区', period: '2025', kind: 'target', value: 7, qualifier: '以上', stretch: { value: 8 } });

    const { stdout } = cli(['ask', question]);
    const lines = stdout.split('\n');
    const first = lines.findIndex((line) => /^\[1\] +西藏自治区 +7%以上（力争达到8%）$/.test(line));
    expect(first).toBeGreaterThan(0);
    expect(lines.slice(first, first + 31).map((line) => /^\[(\d+)\] /.exec(line)?.[1])).toEqual(answer.table.rows.map((row: { n: number }) => String(row.n)));
    expect(lines[first + 15]).toMatch(/^\[16\] +福建省 +5%—5\.5%$/);
  });

  it('answers every piped line of the terminal chat in order, keeping the conversation', () => {
    const { stdout, status } = cli(['chat'], '2024年上海GDP增长多少？\n\n那北京呢？\n/new\n那北京呢？\n');
    expect(status).toBe(0);
    const answers = stdout.split('问：').slice(1);
    expect(answers.map((a) => a.split('\n')[0])).toEqual(['2024年上海GDP增长多少？', '那北京呢？', '那北京呢？']);
    expect(answers[0]).toContain('增长5%');
    expect(answers[1]).toContain('5.2%');
    // After /new there is nothing to follow up on.
    expect(answers[2]).not.toContain('5.2%');
  });

  it('answers a batch line by line and reports bad lines without stopping', () => {
    const file = join(tempDir('zbwd-batch-'), 'questions.jsonl');
    const batch = [
      { id: 'q1', question: '2025年贵州省地区生产总值增长目标是多少？' },
      'not json',
      { id: 'q3', question: '  ' },
      { id: 'q4', question: '那北京呢？', conversation: [{ question: '2024年上海GDP增长多少？' }] },
      { id: 'q5', question: '去年GDP增长了多少', region: '北京', askedOn: '2025-03-10' },
      { id: 'q6', question: '2024年GDP增长多少？', region: '东京' },
    ];
    writeFileSync(file, batch.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'));
    const lines = cli(['ask', '--json', '--questions', file]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id ?? l.line)).toEqual(['q1', 2, 'q3', 'q4', 'q5', 'q6']);
    expect(lines.filter((l) => l.error).map((l) => l.line)).toEqual([2, 3, 6]);
    expect(lines[0].citations[0].reportId).toBe('2025-guizhou');
    expect(lines[1].error).toEqual({ code: 'invalid-json', message: 'the message is not valid JSON' });
    expect(lines[2].error).toEqual({ code: 'invalid-question', message: 'question: the question is empty' });
    // A batch line asks as the API does: in a conversation, within a filter, on a given day.
    expect(lines[3].followUp.carriedOver).toMatchObject({ years: [2024] });
    expect(lines[3].citations[0].reportId).toBe('2025-beijing');
    expect(lines[4].readings).toContain('去年 → 2024年');
    expect(lines[4].citations[0].reportId).toBe('2025-beijing');
    expect(lines[5].error.code).toBe('filtered-out');
    expect(lines[5].error.message).toContain('东京');
  });

  it('rejects an oversized question with a clear message and exit code 2', () => {
    const result = cli(['ask', '问'.repeat(600)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('longer than 500 characters');
  });
});
