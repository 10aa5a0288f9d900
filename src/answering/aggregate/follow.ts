/**
 * A question across reports in a conversation: its own form, or that of the questions before it carried over to a
 * follow-up that changes its year, targets or results, or indicator (`那2024年实际增长呢？`).
 */
import type { FollowUp } from '../../domain.ts';
import type { Query } from '../../question/query.ts';
import { continueAggregate, readAggregate, type AggregateAsk } from './read-form.ts';

const FORM_WORDS: Record<AggregateAsk['form'], (ask: AggregateAsk) => string> = {
  rank: (ask) => `哪个省${ask.order === 'lowest' ? '最低' : '最高'}${ask.top ? `（前${ask.top}个）` : ''}`,
  filter: (ask) => `${{ gt: '高于', gte: '不低于', lt: '低于', lte: '不高于', eq: '为', ne: '不是' }[ask.comparison?.op ?? 'eq']}${ask.comparison?.value ?? ''}${ask.indicator.unit}的有哪些省`,
  list: () => '各省分别是多少',
  series: () => '历年分别是多少',
};

/** The follow-up as it would be asked on its own: `2024年地区生产总值增长实际 哪个省最高？`. */
function standalone(ask: AggregateAsk): string {
  const year = ask.year === undefined ? '' : `${ask.year}年`;
  return `${ask.region?.name ?? ''}${year}${ask.indicator.name}${ask.kind === 'target' ? '目标' : '实际'}${FORM_WORDS[ask.form](ask)}？`;
}

export function aggregateInConversation(now: Query, earlier: readonly Query[]): { ask: AggregateAsk; followUp?: FollowUp } | undefined {
  const own = readAggregate(now);
  if (own) return { ask: own };
  let before: AggregateAsk | undefined;
  for (const turn of earlier) before = readAggregate(turn) ?? (before && continueAggregate(turn, before));
  const ask = before && continueAggregate(now, before);
  if (!ask || !before) return undefined;
  const carriedOver = {
    ...(ask.indicator === before.indicator ? { topic: before.indicator.name } : {}),
    ...(now.years.length === 0 && ask.year !== undefined ? { years: [ask.year] } : {}),
  };
  return { ask, followUp: { standalone: standalone(ask), carriedOver } };
}
