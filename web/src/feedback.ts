/**
 * 👍 and 👎 under an answer. 👎 asks what was wrong (答非所问, 数字不对, 引用不对, 应该能回答, 其他) with an optional
 * comment; either is sent to `POST /api/feedback` with the answer and its citations, and remembered with the turn.
 */
import { FEEDBACK_REASONS, type FeedbackRating, type FeedbackReason } from '../../src/domain.ts';
import { h } from './dom.ts';
import { ariaLabel, label, type StringKey } from './i18n.ts';
import { icon } from './icons.ts';
import { errorCodeOf, REASONS, writeErrorKey } from './messages.ts';
import type { TurnFeedback } from './conversations-store.ts';
import type { AnswerResult, Turn } from './types.ts';

const MAX_COMMENT = 1000;

export interface Judged {
  result: AnswerResult;
  /** The turns before it, as the question was asked. */
  conversation: Turn[];
  /** The judgement given before, restored with the conversation. */
  given?: TurnFeedback | undefined;
  /** Remembers the judgement once the server has it. */
  onRecorded(feedback: TurnFeedback): void;
}

/** Sends a judgement: undefined once the server has it, else what to say of the failure. */
async function send(judged: Judged, feedback: TurnFeedback): Promise<StringKey | undefined> {
  const { result, conversation } = judged;
  const body = {
    question: result.question,
    answer: result.answer.slice(0, 8000),
    rating: feedback.rating,
    ...(feedback.reason ? { reason: feedback.reason } : {}),
    ...(feedback.comment ? { comment: feedback.comment } : {}),
    ...(result.citations.length > 0 ? { citations: result.citations.slice(0, 50).map(({ n, reportId, chunkId, section }) => ({ n, reportId, chunkId, section })) } : {}),
    ...(conversation.length > 0 ? { conversation } : {}),
  };
  try {
    const response = await fetch('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return response.ok ? undefined : writeErrorKey(await errorCodeOf(response), 'feedbackFailed');
  } catch {
    return 'feedbackFailed';
  }
}

export function feedbackControls(judged: Judged): HTMLElement {
  const status = h('span', { class: 'feedback-status', attrs: { 'aria-live': 'polite' } });
  // Drawn, not emoji: a system without an emoji font would show empty boxes.
  const rate = (rating: FeedbackRating, glyph: 'thumbUp' | 'thumbDown', key: 'helpful' | 'notHelpful'): HTMLButtonElement => {
    const button = h('button', { class: 'button button-small button-quiet feedback-button', attrs: { type: 'button', 'aria-pressed': 'false', 'data-rating': rating } }, icon(glyph));
    ariaLabel(button, key);
    button.title = button.getAttribute('aria-label') ?? '';
    return button;
  };
  const up = rate('up', 'thumbUp', 'helpful');
  const down = rate('down', 'thumbDown', 'notHelpful');
  const form = h('form', { class: 'feedback-form' });
  form.hidden = true;
  const element = h('div', { class: 'feedback' }, h('div', { class: 'feedback-buttons' }, up, down, status), form);

  const show = (feedback: TurnFeedback | undefined): void => {
    up.setAttribute('aria-pressed', String(feedback?.rating === 'up'));
    down.setAttribute('aria-pressed', String(feedback?.rating === 'down'));
  };
  const record = async (feedback: TurnFeedback): Promise<void> => {
    label(status, 'feedbackThanks');
    const failure = await send(judged, feedback);
    label(status, failure ?? 'feedbackThanks');
    if (failure) return;
    show(feedback);
    form.hidden = true;
    judged.onRecorded(feedback);
  };

  up.addEventListener('click', () => void record({ rating: 'up' }));
  down.addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) form.querySelector<HTMLInputElement>('input')?.focus();
  });

  const name = `reason-${Math.random().toString(36).slice(2, 8)}`;
  const reasons = FEEDBACK_REASONS.map((reason, i) => {
    const input = h('input', { attrs: { type: 'radio', name, value: reason } });
    if (i === 0) input.checked = true;
    return h('label', { class: 'feedback-reason' }, input, h('span', { label: REASONS[reason] }));
  });
  const comment = h('textarea', { class: 'feedback-comment', attrs: { rows: '2', maxlength: String(MAX_COMMENT) } });
  const commentLabel = h('label', { class: 'feedback-comment-label' }, h('span', { label: 'feedbackComment' }), comment);
  const submit = h('button', { class: 'button button-small button-primary', attrs: { type: 'submit' }, label: 'submitFeedback' });
  const cancel = h('button', { class: 'button button-small button-quiet', attrs: { type: 'button' }, label: 'cancel' });
  cancel.addEventListener('click', () => {
    form.hidden = true;
    down.focus();
  });
  form.append(h('fieldset', {}, h('legend', { label: 'feedbackReason' }), ...reasons), commentLabel, h('div', { class: 'answer-actions' }, submit, cancel));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reason = (new FormData(form).get(name) ?? 'other') as FeedbackReason;
    const text = comment.value.trim();
    void record({ rating: 'down', reason, ...(text ? { comment: text } : {}) });
  });
  show(judged.given);
  return element;
}
