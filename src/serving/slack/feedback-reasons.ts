/**
 * 👎 in Slack asks what was wrong, as the page does: a modal (`views.open`) offering the page's reasons in a menu
 * (答非所问, 数字不对, 引用不对, 应该能回答, 其他) and a comment, kept on submission as the page's judgement is. The modal
 * carries what it judges in its `private_metadata`: the button's value and the answer as shown.
 */
import type { App, types, ViewResponseAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { FEEDBACK_REASON_LABELS, FEEDBACK_REASONS } from '../../domain.ts';
import { AppError } from '../../errors.ts';
import { withinLimit } from '../../intake/admit.ts';
import { slackText } from '../error-responses.ts';
import { buildId, recordFeedback, type FeedbackRequest } from '../feedback.ts';
import type { Kept } from '../http.ts';
import type { ServerState } from '../readiness.ts';

export const REASON_VIEW = 'feedback-reason';
const REASON_BLOCK = 'reason';
const COMMENT_BLOCK = 'comment';
/** Slack's limit on a view's `private_metadata`. */
const MAX_METADATA = 3000;
const MAX_COMMENT_CHARS = 1000;

export const THANKS = '感谢反馈，我们会据此改进回答。';

/** What a judgement from the modal needs besides the reason: the button's value (its key and question) and the answer shown. */
const metadataSchema = z.object({ value: z.string(), answer: z.string() });
type Judging = z.infer<typeof metadataSchema>;

/** The metadata, the answer shortened until it fits Slack's limit. */
function metadata(judging: Judging): string {
  let answer = judging.answer;
  let text = JSON.stringify({ value: judging.value, answer });
  while (text.length > MAX_METADATA) {
    answer = answer.slice(0, answer.length - Math.max(1, text.length - MAX_METADATA));
    text = JSON.stringify({ value: judging.value, answer });
  }
  return text;
}

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text, emoji: true });

export function reasonView(judging: Judging): types.ModalView {
  return {
    type: 'modal',
    callback_id: REASON_VIEW,
    private_metadata: metadata(judging),
    title: plain('回答有问题'),
    submit: plain('提交'),
    close: plain('取消'),
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: plain('哪里不对？'),
        element: {
          type: 'static_select',
          action_id: REASON_BLOCK,
          placeholder: plain('选择原因'),
          options: FEEDBACK_REASONS.map((reason) => ({ text: plain(FEEDBACK_REASON_LABELS[reason]), value: reason })),
        },
      },
      {
        type: 'input',
        block_id: COMMENT_BLOCK,
        optional: true,
        label: plain('补充说明（可选）'),
        element: { type: 'plain_text_input', action_id: COMMENT_BLOCK, multiline: true, max_length: MAX_COMMENT_CHARS },
      },
    ],
  };
}

/** The fields of a submission of the modal that are read. */
const submissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string() }).nullish(),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({
      values: z.object({
        [REASON_BLOCK]: z.object({ [REASON_BLOCK]: z.object({ selected_option: z.object({ value: z.enum(FEEDBACK_REASONS) }) }) }),
        [COMMENT_BLOCK]: z.object({ [COMMENT_BLOCK]: z.object({ value: z.string().nullish() }) }).optional(),
      }),
    }),
  }),
});

export interface ReasonDeps {
  state: ServerState;
  kept: Kept;
  logger: Logger;
  /** What the button's value and the answer as shown judge: the remembered answer, or those when it is gone. */
  judged: (judging: Judging) => FeedbackRequest;
}

const thanksView = (): types.ModalView => ({ type: 'modal', title: plain('感谢反馈'), close: plain('关闭'), blocks: [{ type: 'section', text: { type: 'plain_text', text: THANKS } }] });

export function registerFeedbackReasons(app: App, { state, kept, logger, judged }: ReasonDeps): void {
  app.view(REASON_VIEW, async ({ ack, body }) => {
    const submission = submissionSchema.safeParse(body);
    const judging = submission.success ? metadataSchema.safeParse(safeJson(submission.data.view.private_metadata)) : undefined;
    if (!submission.success || !judging?.success) {
      logger.debug('a feedback submission the bot did not offer was ignored');
      await ack();
      return;
    }
    const { user, team, view } = submission.data;
    const comment = view.state.values[COMMENT_BLOCK]?.[COMMENT_BLOCK].value?.trim();
    let response: ViewResponseAction;
    try {
      const assistant = state.assistant;
      if (!assistant) throw new AppError('index-loading', 'the index is still loading; try again shortly');
      await withinLimit(kept.limit, `slack:${team?.id ?? ''}:${user.id}`, 'writes');
      const feedback: FeedbackRequest = { ...judged(judging.data), rating: 'down', reason: view.state.values[REASON_BLOCK][REASON_BLOCK].selected_option.value, ...(comment ? { comment } : {}) };
      await recordFeedback(kept.feedback, feedback, { build: buildId(assistant.index.manifest), surface: 'slack' });
      response = { response_action: 'update', view: thanksView() };
    } catch (error) {
      // Said beside the menu, the modal left open to try again.
      response = { response_action: 'errors', errors: { [REASON_BLOCK]: slackText(error, logger, '') } };
    }
    await ack(response);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
