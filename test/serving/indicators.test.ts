import { resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/answering/ask.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { ReportOutline, ReportSummary } from '../../src/domain.ts';
import { INDICATORS } from '../../src/indicators/definitions.ts';
import type { IndicatorCount } from '../../src/indicators/lookup.ts';
import { lookupRegion } from '../../src/regions.ts';
import type { ApiIndicatorRow } from '../../src/serving/indicators.ts';
import { startServer } from '../../src/serving/server.ts';
import { fullAssistant } from '../corpus.ts';
import { startTestServer, type TestServer } from './fixture.ts';
import { readCsv } from './read-csv.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface IndicatorAnswer {
  indicator: { id: string; name: string; nameEn: string; measure: string; unit: string };
  rows: ApiIndicatorRow[];
}

const get = (path: string) => fetch(new URL(path, server.url));
async function rowsOf(path: string): Promise<ApiIndicatorRow[]> {
  const response = await get(path);
  expect(response.status).toBe(200);
  return ((await response.json()) as IndicatorAnswer).rows;
}
async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

/** The CSV's text, the BOM it opens with included (`text()` would drop it). */
async function csvText(response: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

/** A JSON row as its CSV record: null as an empty field, the stretch goal as its text and value. */
function asRecord(row: ApiIndicatorRow): string[] {
  const { stretch, ...rest } = row;
  const fields = { ...rest, stretch: stretch?.text ?? null, stretchValue: stretch?.value ?? null };
  const order = ['region', 'reportId', 'period', 'kind', 'estimate', 'value', 'low', 'high', 'unit', 'qualifier', 'stretch', 'stretchValue', 'quote', 'chunkId', 'section'] as const;
  return order.map((key) => (fields[key] === null ? '' : String(fields[key])));
}

describe('GET /api/indicators', () => {
  it('lists every defined indicator in order, with how many rows the table has of each', async () => {
    const response = await get('/api/indicators');
    expect(response.status).toBe(200);
    const { indicators } = (await response.json()) as { indicators: IndicatorCount[] };
    expect(indicators.length).toBeGreaterThanOrEqual(30);
    expect(indicators.map((i) => i.id)).toEqual(INDICATORS.map((i) => i.id));
    for (const indicator of indicators) {
      expect(Object.keys(indicator)).toEqual(['id', 'name', 'nameEn', 'unit', 'rows']);
      expect(Number.isInteger(indicator.rows) && indicator.rows >= 0).toBe(true);
    }
    const gdp = indicators.find((i) => i.id === 'gdp_growth');
    expect(gdp).toMatchObject({ name: '地区生产总值增长', unit: '%' });
    expect(await rowsOf('/api/indicators/gdp_growth')).toHaveLength(gdp?.rows ?? -1);
  });
});

describe('GET /api/indicators/:id', () => {
  it("gives every province's 2025 growth target, each quoted from the chunk it cites", async () => {
    const response = await get('/api/indicators/gdp_growth?year=2025&kind=target');
    const { indicator, rows } = (await response.json()) as IndicatorAnswer;
    expect(indicator).toEqual({ id: 'gdp_growth', name: '地区生产总值增长', nameEn: 'GDP growth', measure: 'growth', unit: '%' });
    const reports = (await (await get('/api/reports')).json()) as ReportSummary[];
    const provinces = new Set(reports.filter((r) => r.year === 2025 && lookupRegion(r.region)?.level === 'province').map((r) => r.region));
    expect(provinces.size).toBe(31);
    expect(new Set(rows.filter((r) => provinces.has(r.region)).map((r) => r.region))).toEqual(provinces);
    for (const row of rows) {
      expect(row).toMatchObject({ period: '2025', kind: 'target', unit: '%' });
      const outline = (await (await get(`/api/reports/${row.reportId}`)).json()) as ReportOutline;
      const paragraph = outline.sections.flatMap((s) => s.paragraphs).find((p) => p.chunkId === row.chunkId);
      expect(paragraph?.text, row.chunkId).toContain(row.quote);
    }
    expect(rows.find((r) => r.region === '北京市')).toMatchObject({ value: 5, qualifier: '左右', stretch: { text: '努力争取更好结果', value: null } });
    expect(rows.find((r) => r.region === '福建省')).toMatchObject({ value: null, low: 5, high: 5.5 });
  });

  it('lists rows by region, period and kind, every field present', async () => {
    const rows = await rowsOf('/api/indicators/gdp_growth');
    const keys = rows.map((r) => `${r.region}\u0000${r.period}\u0000${r.kind}`);
    const ordered = [...rows].sort((a, b) => a.region.localeCompare(b.region, 'zh') || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    expect(keys).toEqual(ordered.map((r) => `${r.region}\u0000${r.period}\u0000${r.kind}`));
    expect(await rowsOf('/api/indicators/gdp_growth')).toEqual(rows);
    for (const row of rows) expect(Object.keys(row)).toEqual(['region', 'reportId', 'period', 'kind', 'estimate', 'value', 'low', 'high', 'unit', 'qualifier', 'stretch', 'quote', 'chunkId', 'section']);
  });

  it('takes a region by its full, short or English name, as the filter of a question does', async () => {
    const full = await rowsOf(`/api/indicators/gdp_growth?region=${encodeURIComponent('北京市')}`);
    expect(full.length).toBeGreaterThan(1);
    expect(new Set(full.map((r) => r.region))).toEqual(new Set(['北京市']));
    expect(await rowsOf(`/api/indicators/gdp_growth?region=${encodeURIComponent('北京')}`)).toEqual(full);
    expect(await rowsOf('/api/indicators/gdp_growth?region=Beijing')).toEqual(full);
  });

  it('matches a year to rows of that year alone, and a year no row is of with none', async () => {
    const rows = await rowsOf('/api/indicators/gdp_growth?year=2024&kind=result');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.period === '2024' && r.kind === 'result')).toBe(true);
    expect(await rowsOf('/api/indicators/gdp_growth?year=1990')).toEqual([]);
  });

  it('gives the same rows as CSV with a BOM and a header, fields quoted as RFC 4180 says', async () => {
    for (const query of ['', `&region=${encodeURIComponent('浙江')}`]) {
      const json = await rowsOf(`/api/indicators/new_urban_jobs?kind=result${query}`);
      const response = await get(`/api/indicators/new_urban_jobs?kind=result&format=csv${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="new_urban_jobs.csv"');
      const text = await csvText(response);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...records] = readCsv(text.slice(1));
      expect(header).toEqual(['region', 'reportId', 'period', 'kind', 'estimate', 'value', 'low', 'high', 'unit', 'qualifier', 'stretch', 'stretchValue', 'quote', 'chunkId', 'section']);
      expect(records).toHaveLength(json.length);
      expect(records).toEqual(json.map(asRecord));
    }
  });

  it('quotes a field holding a comma in the CSV, and reads it back whole', async () => {
    const [row] = await rowsOf(`/api/indicators/new_urban_jobs?year=2024&kind=result&region=${encodeURIComponent('浙江省')}`);
    expect(row?.section).toContain(',');
    const text = await csvText(await get(`/api/indicators/new_urban_jobs?year=2024&kind=result&region=${encodeURIComponent('浙江省')}&format=csv`));
    expect(text).toContain(`,"${row?.section}"\r\n`);
    expect(readCsv(text.slice(1))[1]).toEqual(row && asRecord(row));
    const stretched = (await rowsOf('/api/indicators/gdp_growth?year=2025&kind=target&region=Anhui'))[0];
    expect(stretched?.quote).toContain('，');
    const csv = readCsv((await csvText(await get('/api/indicators/gdp_growth?year=2025&kind=target&region=Anhui&format=csv'))).slice(1));
    expect(csv[1]?.[12]).toBe(stretched?.quote);
  });

  it('answers an unknown indicator with 404, in JSON whatever the format', async () => {
    for (const path of ['/api/indicators/gdp', '/api/indicators/gdp_growth.csv', '/api/indicators/nope?format=csv']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await errorOf(response)).toEqual({ code: 'unknown-indicator', message: expect.stringContaining('no indicator with id') });
    }
  });

  it.each([
    ['year=2025abc', 'invalid-request', /^year:/],
    ['year=25', 'invalid-request', /^year:/],
    ['year=', 'invalid-request', /^year:/],
    ['year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95', 'invalid-request', /^year:/],
    ['year=2025&year=2024', 'invalid-request', /^year:/],
    ['kind=plan', 'invalid-request', /^kind:/],
    ['kind=Target', 'invalid-request', /^kind:/],
    ['format=xlsx', 'invalid-request', /^format:/],
    ['region=', 'invalid-request', /^region:/],
    ['region=%E7%81%AB%E6%98%9F', 'filtered-out', /火星/],
    ['years=2025', 'invalid-request', /years/],
  ])('refuses ?%s with 400 %s', async (query, code, message) => {
    const response = await get(`/api/indicators/gdp_growth?${query}`);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('answers 503 index-loading while the index loads', async () => {
    let loaded: (assistant: Assistant) => void = () => {};
    const loading = await startServer({
      config: { port: 0, host: '127.0.0.1', rateLimitPerMinute: 100, logLevel: 'silent', apiKeys: [], allowedOrigins: [] },
      webDir: resolve(PROJECT_ROOT, 'web'),
      topK: 5,
      loadAssistant: () => new Promise((resolve) => (loaded = resolve)),
      logger: pino({ level: 'silent' }),
    });
    try {
      for (const path of ['/api/indicators', '/api/indicators/gdp_growth', '/api/indicators/gdp_growth?format=csv', '/api/indicators/nope?year=x']) {
        const early = await fetch(new URL(path, loading.url));
        expect(early.status).toBe(503);
        expect(early.headers.get('retry-after')).toBe('5');
        expect((await errorOf(early)).code).toBe('index-loading');
      }
      loaded(await fullAssistant());
      await loading.ready;
      expect((await fetch(new URL('/api/indicators', loading.url))).status).toBe(200);
    } finally {
      await loading.close();
    }
  });
});
