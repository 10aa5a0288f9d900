import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/answering/ask.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { CORPUS_DIR, embedder, seededIndexDir, tempDir } from '../corpus.ts';
import { startTestServer, type TestServer } from '../serving/fixture.ts';
import { SlackStandIn } from './slack-api.ts';
import { BOT_TOKEN, eventCallback, mention, sendSigned, SIGNING_SECRET } from './requests.ts';

const REPORT_FILE = '001_3f56b829cd352b44.txt';
const SOURCE_URL = 'https://www.guiyang.gov.cn/zwgk/zfgzbg/202402/t20240229.html?from=report&lang=zh';
/** A section that would ping the whole channel, and a sentence that would ping a user, if sent as they are. */
const PLANTED = '（五）城市书房<!channel>建设取得新成效。全年新建城市书房128家，由<@U0MAYOR>牵头，A&B两类书房全部免费开放。';

/** The 2024 Guiyang report with a source link, and the planted section after the review's fourth one. */
function plantedCorpus(): string {
  const dir = tempDir('zbwd-slack-corpus-');
  const lines = readFileSync(join(CORPUS_DIR, REPORT_FILE), 'utf8').split('\n');
  const fourth = lines.findIndex((line) => line.startsWith('（四）'));
  lines.splice(fourth + 1, 0, '', PLANTED);
  lines.splice(5, 0, `原文：<${SOURCE_URL}>`, '');
  writeFileSync(join(dir, REPORT_FILE), lines.join('\n'));
  return dir;
}

let slack: SlackStandIn;
let server: TestServer;

beforeAll(async () => {
  slack = await SlackStandIn.start({ botToken: BOT_TOKEN });
  const index = await openIndex({ corpusDir: plantedCorpus(), indexDir: seededIndexDir(), log: () => {}, embedder: await embedder() });
  server = await startTestServer(
    { slack: { botToken: BOT_TOKEN, apiUrl: slack.apiUrl, command: '/zhengbao', transport: { kind: 'http', signingSecret: SIGNING_SECRET } } },
    { loadAssistant: async () => createAssistant(index) },
  );
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});

describe('report text in Slack', () => {
  it('comes out escaped: a report saying <!channel> or <@user> pings no one, and its source link keeps its &', async () => {
    const event = mention('C0ESCAPE', '2023年贵阳市新建城市书房多少家？');
    await sendSigned(new URL('/slack/events', server.url).href, JSON.stringify(eventCallback(event)), 'application/json');
    const answer = await slack.waitFor(() => slack.thread('C0ESCAPE', event.ts).find((m) => m.blocks));
    const [section, source] = answer.blocks ?? [];
    expect(section?.text?.text).toBe('贵阳市（2024年政府工作报告）：全年新建城市书房128家，由&lt;@U0MAYOR&gt;牵头，A&amp;B两类书房全部免费开放。[1]');
    expect(source?.elements?.[0]?.text).toBe(
      `[1] <${SOURCE_URL.replace('&', '&amp;')}|2024年贵阳市政府工作报告> — 一、2023年工作回顾 &gt; （五）城市书房&lt;!channel&gt;建设取得新成效`,
    );
    expect(answer.text).toContain('&lt;@U0MAYOR&gt;');
    expect(answer.text).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(answer)).not.toMatch(/<!channel>|<@U0MAYOR>/);
  });
});
