/**
 * Every UI string in Chinese (the default) and English. Elements carry the key of their string in a data
 * attribute, so switching the language retranslates the page in place, messages already shown included.
 */

const zh = {
  appName: '政报问答',
  tagline: '就各地政府工作报告提问，每个回答都注明原文出处',
  skipToQuestion: '跳到提问框',
  filters: '筛选',
  region: '地区',
  reportYear: '报告年份',
  allRegions: '全部地区',
  allYears: '全部年份',
  newConversation: '新对话',
  otherLanguage: 'English',
  // The visible word first: a name that holds what is seen can be spoken to voice control.
  switchLanguage: 'English：切换到英文界面',
  connecting: '正在连接…',
  connected: '已连接',
  reconnecting: '连接中断，正在重连…',
  loadingIndex: '正在载入报告索引…',
  buildingVectors: '按字词作答，语义索引构建中，已嵌入文本',
  modelRestarting: '按字词作答，语义模型重启中',
  degradedAnswer: '仅按字词匹配作答（语义检索暂不可用）',
  welcomeTitle: '想从政府工作报告里了解什么？',
  welcomeText: '可以问某个地区某一年的目标、成绩和举措；回答摘自报告原文，点击编号即可查看出处。',
  examples: '示例问题',
  conversation: '对话',
  you: '你',
  answer: '回答',
  questionLabel: '你的问题',
  placeholder: '输入你的问题…',
  send: '发送',
  hint: 'Enter 发送，Shift + Enter 换行',
  searching: '正在检索报告…',
  composing: '正在整理回答…',
  sources: '出处',
  citation: '出处',
  copy: '复制',
  copied: '已复制',
  copyFailed: '复制失败',
  understoodAs: '理解为',
  readAs: '词语理解',
  refused: '报告中没有找到答案',
  related: '相关内容（仅供参考，不是答案）',
  askedBack: '需要说明一下',
  failed: '没能得到回答',
  connectionLost: '连接中断，回答没有完成。',
  retry: '重试',
  source: '引用出处',
  close: '关闭',
  date: '日期',
  speaker: '报告人',
  meeting: '会议',
  section: '章节',
  frontMatter: '报告开头',
  openSource: '查看原文',
  loadingReport: '正在载入报告…',
  reportFailed: '没能载入这份报告。',
  citedParagraph: '被引用的段落',
  tableSource: '出处',
  tableRegion: '地区',
  tablePeriod: '年份',
  tableFigure: '数值',
  tableQuote: '原文',
  noNumber: '未给出数字',
  chartRange: '区间',
  chartStretch: '力争目标',
  chartNoNumber: '未给出数字、未绘出：',
  downloadCsv: '下载 CSV',
  allSources: '全部出处',
  coverage: '覆盖范围',
  regionsByLevel: '按级别查看地区',
  levelProvince: '省级',
  levelCity: '地市级',
  levelCounty: '区县级',
  exampleFigure: '数字',
  exampleList: '清单',
  exampleComparison: '比较',
  exampleRanking: '跨报告排名',
  exampleFollowUp: '追问',
  exampleEnglish: '英文提问',
  reports: '报告',
  allReports: '全部报告',
  backToReports: '返回报告列表',
  passagesCount: '段',
  history: '对话记录',
  closeHistory: '关闭对话记录',
  newConversationShort: '新对话',
  rename: '重命名',
  renameTo: '新名称',
  delete: '删除',
  noConversations: '还没有保存的对话',
  share: '分享',
  shareCopied: '分享链接已复制：',
  shareReady: '分享链接：',
  shareFailed: '没能生成分享链接',
  sharedBanner: '这是一段分享的对话，只读。',
  startOwn: '开始自己的对话',
  shareNotFound: '找不到这段分享的对话。',
  exportMarkdown: '导出 Markdown',
  exportJson: '导出 JSON',
  regenerate: '重新生成',
  edit: '编辑问题',
  cancel: '取消',
  helpful: '有用',
  notHelpful: '有问题',
  feedbackReason: '哪里不对？',
  reasonOffTopic: '答非所问',
  reasonWrongNumber: '数字不对',
  reasonWrongCitation: '引用不对',
  reasonShouldAnswer: '应该能回答',
  reasonOther: '其他',
  feedbackComment: '补充说明（可选）',
  submitFeedback: '提交',
  feedbackThanks: '感谢反馈',
  feedbackFailed: '反馈没能提交，请重试',
  writeRateLimited: '操作太频繁了，请稍后再试。',
  writeStorageFull: '服务器用于保存分享和反馈的空间已满，暂时无法保存。',
  waitingForServer: '服务暂不可用，恢复后自动发送',
  timedOut: '服务器长时间没有回应，回答没有完成。',
  errorRateLimited: '提问太频繁了，请稍后再试。',
  errorIndexLoading: '报告索引还在载入，请稍后再试。',
  errorInvalidQuestion: '问题为空或太长（最多 500 字）。',
  errorFilteredOut: '没有报告符合当前的筛选条件。',
  errorTooManyInFlight: '同时进行的提问太多，请等前面的回答完成。',
  errorPayloadTooLarge: '对话太长了，请开始新对话。',
  errorModelUnavailable: '模型暂时不可用，请稍后再试。',
  errorInternal: '服务器出错了，请稍后再试。',
  errorOther: '没能得到回答，请稍后再试。',
  refusalNoTopic: '问题里没有可以查找的内容',
  refusalNoReport: '语料中没有相应地区或年份的报告',
  refusalPeriodMissing: '报告里没有所问年份的数据',
  refusalFilteredOut: '当前筛选条件下没有相关报告',
  refusalNoEvidence: '报告中没有找到相关内容',
  refusalValueKindMissing: '报告没有给出所问的那类数字',
  refusalRegionLevel: '这个地区没有自己的报告，省里的报告也没有单独提到它',
  refusalLowConfidence: '找到的句子都不够确定，所以没有作答',
  refusalNotStated: '报告没有写明这一点',
  clearFilterRetry: '清除筛选并重试',
  filterNote: '筛选',
  retrieved: '检索到的段落',
  similarity: '相似度',
  previousCitation: '上一处出处',
  nextCitation: '下一处出处',
  darkMode: '深色模式',
  moreActions: '导出与显示',
};

export type StringKey = keyof typeof zh;
export type Language = 'zh' | 'en';

const en: Record<StringKey, string> = {
  appName: 'Gov Report Q&A',
  tagline: "Ask about China's government work reports; every answer cites the report it comes from",
  skipToQuestion: 'Skip to the question box',
  filters: 'Filters',
  region: 'Region',
  reportYear: 'Report year',
  allRegions: 'All regions',
  allYears: 'All years',
  newConversation: 'New chat',
  otherLanguage: '中文',
  switchLanguage: '中文: switch to Chinese',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  loadingIndex: 'Loading the report index…',
  buildingVectors: 'Answering on word matches while the meaning index is built; texts embedded',
  modelRestarting: 'Answering on word matches while the meaning model restarts',
  degradedAnswer: 'Answered on word matches alone (search by meaning is unavailable for now)',
  welcomeTitle: 'What would you like to know from the reports?',
  welcomeText: "Ask about a region's targets, results and measures for a year. Answers quote the reports; click a number to see the source.",
  examples: 'Example questions',
  conversation: 'Conversation',
  you: 'You',
  answer: 'Answer',
  questionLabel: 'Your question',
  placeholder: 'Ask about the reports…',
  send: 'Send',
  hint: 'Enter to send, Shift + Enter for a new line',
  searching: 'Searching the reports…',
  composing: 'Writing the answer…',
  sources: 'Sources',
  citation: 'Source',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy',
  understoodAs: 'Understood as',
  readAs: 'Read as',
  refused: 'The reports do not answer this',
  related: 'Related passages (for reference, not an answer)',
  askedBack: 'Which one do you mean?',
  failed: 'No answer',
  connectionLost: 'The connection dropped before the answer was complete.',
  retry: 'Retry',
  source: 'Source',
  close: 'Close',
  date: 'Date',
  speaker: 'Speaker',
  meeting: 'Meeting',
  section: 'Section',
  frontMatter: 'Opening of the report',
  openSource: 'Read the original',
  loadingReport: 'Loading the report…',
  reportFailed: 'The report could not be loaded.',
  citedParagraph: 'Cited paragraph',
  tableSource: 'Source',
  tableRegion: 'Region',
  tablePeriod: 'Year',
  tableFigure: 'Figure',
  tableQuote: 'Quote',
  noNumber: 'No number given',
  chartRange: 'Range',
  chartStretch: 'Stretch goal',
  chartNoNumber: 'No number given, not drawn:',
  downloadCsv: 'Download CSV',
  allSources: 'All sources',
  coverage: 'Coverage',
  regionsByLevel: 'Regions by level',
  levelProvince: 'Provincial level',
  levelCity: 'City level',
  levelCounty: 'County level',
  exampleFigure: 'Figure',
  exampleList: 'List',
  exampleComparison: 'Comparison',
  exampleRanking: 'Ranking across reports',
  exampleFollowUp: 'Follow-up',
  exampleEnglish: 'In English',
  reports: 'Reports',
  allReports: 'All reports',
  backToReports: 'Back to the reports',
  passagesCount: ' passages',
  history: 'Conversations',
  closeHistory: 'Close the conversations',
  newConversationShort: 'New chat',
  rename: 'Rename',
  renameTo: 'New name',
  delete: 'Delete',
  noConversations: 'No saved conversations yet',
  share: 'Share',
  shareCopied: 'Share link copied: ',
  shareReady: 'Share link: ',
  shareFailed: 'The share link could not be made',
  sharedBanner: 'A shared conversation, read-only.',
  startOwn: 'Start your own',
  shareNotFound: 'This shared conversation was not found.',
  exportMarkdown: 'Export Markdown',
  exportJson: 'Export JSON',
  regenerate: 'Regenerate',
  edit: 'Edit question',
  cancel: 'Cancel',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  feedbackReason: 'What was wrong?',
  reasonOffTopic: 'Off topic',
  reasonWrongNumber: 'Wrong number',
  reasonWrongCitation: 'Wrong citation',
  reasonShouldAnswer: 'Should have answered',
  reasonOther: 'Other',
  feedbackComment: 'Comment (optional)',
  submitFeedback: 'Send',
  feedbackThanks: 'Thanks for the feedback',
  feedbackFailed: 'The feedback could not be sent; try again',
  writeRateLimited: 'Too many at once; please wait a moment.',
  writeStorageFull: 'The server has no room left to keep shares and feedback for now.',
  waitingForServer: 'The service is unavailable; the question will be sent once it is back',
  timedOut: 'The server did not answer in time; the answer is incomplete.',
  errorRateLimited: 'Too many questions; please wait a moment.',
  errorIndexLoading: 'The report index is still loading; please try again shortly.',
  errorInvalidQuestion: 'The question is empty or too long (500 characters at most).',
  errorFilteredOut: 'No report matches the current filter.',
  errorTooManyInFlight: 'Too many questions at once; wait for the answers under way.',
  errorPayloadTooLarge: 'The conversation is too long; please start a new one.',
  errorModelUnavailable: 'The model is unavailable for now; please try again shortly.',
  errorInternal: 'Something went wrong on the server; please try again shortly.',
  errorOther: 'No answer could be given; please try again shortly.',
  refusalNoTopic: 'The question names nothing to look up',
  refusalNoReport: 'The corpus has no report of that region or year',
  refusalPeriodMissing: 'The reports give nothing for the year asked',
  refusalFilteredOut: 'No report under the current filter speaks of it',
  refusalNoEvidence: 'The reports say nothing about it',
  refusalValueKindMissing: 'The reports give no figure of the kind asked',
  refusalRegionLevel: 'The region has no report of its own, and its province’s does not name it',
  refusalLowConfidence: 'No sentence found is likely enough to answer',
  refusalNotStated: 'The report does not state it',
  clearFilterRetry: 'Clear the filter and retry',
  filterNote: 'Filter',
  retrieved: 'Retrieved passages',
  similarity: 'similarity',
  previousCitation: 'Previous source',
  nextCitation: 'Next source',
  darkMode: 'Dark mode',
  moreActions: 'Export and display',
};

const STORAGE_KEY = 'zbwd.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh'; // storage can be blocked (privacy settings); the default still works
  }
}

let current: Language = storedLanguage();

export function language(): Language {
  return current;
}

export function t(key: StringKey): string {
  return (current === 'en' ? en : zh)[key];
}

/** Shows a UI string as the element's text, in whichever language is chosen now or later. */
/** Shows a UI string in an element, followed by `suffix` (a count, say) if given, in every language. */
export function label(element: HTMLElement, key: StringKey, suffix?: string): void {
  element.dataset.i18n = key;
  if (suffix === undefined) delete element.dataset.i18nSuffix;
  else element.dataset.i18nSuffix = suffix;
  element.textContent = t(key) + (suffix ?? '');
}

/** Names an element for assistive technology with a UI string, followed by `detail` (a number, say) if given. */
export function ariaLabel(element: HTMLElement, key: StringKey, detail?: string): void {
  element.dataset.i18nLabel = key;
  if (detail !== undefined) element.dataset.i18nDetail = detail;
  element.setAttribute('aria-label', labelText(element));
}

function labelText(element: HTMLElement): string {
  const key = element.dataset.i18nLabel;
  const text = isKey(key) ? t(key) : '';
  return element.dataset.i18nDetail === undefined ? text : `${text} ${element.dataset.i18nDetail}`;
}

function isKey(key: string | undefined): key is StringKey {
  return key !== undefined && key in zh;
}

/** Puts every marked string of the page into the current language. */
export function translatePage(): void {
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
  document.title = t('appName');
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    if (isKey(element.dataset.i18n)) element.textContent = t(element.dataset.i18n) + (element.dataset.i18nSuffix ?? '');
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) element.setAttribute('aria-label', labelText(element));
  for (const element of document.querySelectorAll<HTMLTextAreaElement>('[data-i18n-placeholder]')) {
    if (isKey(element.dataset.i18nPlaceholder)) element.placeholder = t(element.dataset.i18nPlaceholder);
  }
}

/** Chooses the language and remembers it; `translatePage` then shows it. */
export function setLanguage(next: Language): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but the page still switches.
  }
}
