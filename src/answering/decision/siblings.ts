/**
 * Words of one kind that name different things: a sentence giving `支出` for a question about `收入`, `产量` for
 * `销量`, `硕士` for `博士` gives the figure of another indicator, however many other words it shares.
 */
const SIBLINGS: readonly (readonly string[])[] = [
  ['收入', '支出'],
  ['产量', '销量', '产值'],
  ['出口', '进口'],
  ['城镇', '农村'],
  ['城市', '农村', '乡村'],
  ['存款', '贷款'],
  ['客运', '货运'],
  ['旅客', '货物', '货邮'],
  ['国内', '入境', '出境'],
  ['博士', '硕士'],
  ['小学', '初中', '高中', '大学'],
  ['一产', '二产', '三产'],
  ['第一产业', '第二产业', '第三产业'],
  ['商品房', '保障房', '保障性住房'],
  ['高速公路', '高铁', '铁路', '普通公路'],
  ['风电', '光伏', '水电', '火电', '核电'],
  ['上半年', '下半年', '全年', '一季度', '二季度', '三季度', '四季度'],
];

/** Whether the text names another of a kind the question names, and not the one the question names. */
export function namesSibling(question: string, text: string): boolean {
  return SIBLINGS.some((group) => {
    const asked = group.filter((word) => question.includes(word));
    return asked.length > 0 && !asked.some((word) => text.includes(word)) && group.some((word) => !asked.includes(word) && text.includes(word));
  });
}
