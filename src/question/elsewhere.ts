/**
 * Places the reports never speak for: other countries and their cities, and the nation as a whole, whose report
 * (the State Council's) is not a local government's. A question about one of them is not answered by the figure
 * of whichever Chinese region the rest of its words are closest to.
 */

/** Chinese names; longer first so that `印度尼西亚` is read before `印度`. */
const ABROAD_CHINESE = [
  '美国', '日本', '韩国', '朝鲜', '俄罗斯', '英国', '法国', '德国', '意大利', '西班牙', '葡萄牙', '荷兰', '比利时', '瑞士',
  '瑞典', '挪威', '芬兰', '丹麦', '波兰', '奥地利', '希腊', '土耳其', '印度尼西亚', '印度', '巴基斯坦', '孟加拉国', '越南',
  '老挝', '柬埔寨', '泰国', '缅甸', '马来西亚', '新加坡', '菲律宾', '蒙古国', '哈萨克斯坦', '乌兹别克斯坦', '伊朗', '以色列',
  '沙特阿拉伯', '阿联酋', '埃及', '南非', '尼日利亚', '肯尼亚', '巴西', '阿根廷', '智利', '墨西哥', '加拿大', '澳大利亚',
  '新西兰', '东京', '大阪', '首尔', '釜山', '纽约', '洛杉矶', '旧金山', '芝加哥', '华盛顿', '伦敦', '巴黎', '柏林',
  '莫斯科', '罗马', '马德里', '悉尼', '墨尔本', '多伦多', '温哥华', '迪拜', '曼谷', '河内', '胡志明市', '吉隆坡', '雅加达',
  '马尼拉', '孟买', '新德里',
].sort((a, b) => b.length - a.length);

const ABROAD_ENGLISH = [
  'united states', 'america', 'usa', 'japan', 'south korea', 'korea', 'russia', 'united kingdom', 'britain', 'england',
  'france', 'germany', 'italy', 'spain', 'portugal', 'netherlands', 'belgium', 'switzerland', 'sweden', 'norway',
  'finland', 'denmark', 'poland', 'austria', 'greece', 'turkey', 'india', 'indonesia', 'pakistan', 'bangladesh',
  'vietnam', 'laos', 'cambodia', 'thailand', 'myanmar', 'malaysia', 'singapore', 'philippines', 'mongolia',
  'kazakhstan', 'uzbekistan', 'iran', 'israel', 'saudi arabia', 'egypt', 'south africa', 'nigeria', 'kenya', 'brazil',
  'argentina', 'chile', 'mexico', 'canada', 'australia', 'new zealand', 'tokyo', 'osaka', 'seoul', 'busan', 'new york',
  'los angeles', 'san francisco', 'chicago', 'washington', 'london', 'paris', 'berlin', 'moscow', 'rome', 'madrid',
  'sydney', 'melbourne', 'toronto', 'vancouver', 'dubai', 'bangkok', 'hanoi', 'kuala lumpur', 'jakarta', 'manila',
  'mumbai', 'new delhi', 'delhi',
].sort((a, b) => b.length - a.length);

/** The nation's own report: the State Council's, delivered to the National People's Congress. */
const NATION = /国务院|中央政府|全国人民代表大会|全国人大|全国(?:的)?政府工作报告|\b(?:state council|central government|national people's congress|national government work report|china's government work report)\b/i;

const CHINESE_PATTERN = new RegExp(ABROAD_CHINESE.join('|'), 'g');
const ENGLISH_PATTERN = new RegExp(`\\b(?:${ABROAD_ENGLISH.join('|')})\\b`, 'gi');

/** The places a question names that no report of a Chinese locality speaks for, as the question writes them. */
export function placesElsewhere(question: string): string[] {
  const found = [...question.matchAll(CHINESE_PATTERN), ...question.matchAll(ENGLISH_PATTERN)].map((m) => m[0]);
  const nation = NATION.exec(question)?.[0];
  return [...new Set([...found, ...(nation ? ['全国（国务院）'] : [])])];
}
