/**
 * What the page says of the server's codes, in the page's language: each error of `src/errors.ts` a question can
 * meet, each refusal code, each reason for a 👎. The server's own message is English; the page never shows it alone.
 */
import type { FeedbackReason, RefusalCode } from '../../src/domain.ts';
import type { StringKey } from './i18n.ts';

const ERRORS: Readonly<Record<string, StringKey>> = {
  'rate-limited': 'errorRateLimited',
  'index-loading': 'errorIndexLoading',
  'invalid-question': 'errorInvalidQuestion',
  'filtered-out': 'errorFilteredOut',
  'too-many-in-flight': 'errorTooManyInFlight',
  'payload-too-large': 'errorPayloadTooLarge',
  'model-unavailable': 'errorModelUnavailable',
  internal: 'errorInternal',
};

export function errorKey(code: string): StringKey {
  return ERRORS[code] ?? 'errorOther';
}

/** What the page says when a share or a judgement is not kept, by the server's code; `fallback` for any other. */
const WRITE_ERRORS: Readonly<Record<string, StringKey>> = {
  'rate-limited': 'writeRateLimited',
  'storage-full': 'writeStorageFull',
};

export function writeErrorKey(code: string | undefined, fallback: StringKey): StringKey {
  return (code === undefined ? undefined : WRITE_ERRORS[code]) ?? fallback;
}

/** Why a report file was not added or removed, by the server's code. */
const UPLOAD_ERRORS: Readonly<Record<string, StringKey>> = {
  'unreadable-file': 'uploadUnreadable',
  'no-text-layer': 'uploadNoTextLayer',
  'encrypted-file': 'uploadEncrypted',
  'payload-too-large': 'uploadTooLarge',
  'file-too-complex': 'uploadTooComplex',
  'unknown-encoding': 'uploadUnknownEncoding',
  'invalid-file-name': 'uploadBadName',
  'unsupported-media-type': 'uploadUnsupported',
  'duplicate-report': 'uploadDuplicate',
  'invalid-metadata': 'uploadBadMetadata',
  unauthorized: 'uploadUnauthorized',
  'unknown-report': 'uploadUnknownReport',
  'rate-limited': 'errorRateLimited',
};

export function uploadErrorKey(code: string): StringKey | undefined {
  return UPLOAD_ERRORS[code];
}

/** The code of a `/api` error reply, if it carries one. */
export async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const { error } = (await response.json()) as { error?: { code?: unknown } };
    return typeof error?.code === 'string' ? error.code : undefined;
  } catch {
    return undefined;
  }
}

export const REFUSALS: Readonly<Record<RefusalCode, StringKey>> = {
  'no-topic': 'refusalNoTopic',
  'no-report': 'refusalNoReport',
  'period-missing': 'refusalPeriodMissing',
  'filtered-out': 'refusalFilteredOut',
  'no-evidence': 'refusalNoEvidence',
  'value-kind-missing': 'refusalValueKindMissing',
  'region-level': 'refusalRegionLevel',
  'low-confidence': 'refusalLowConfidence',
  'not-stated': 'refusalNotStated',
  'too-few-figures': 'refusalTooFewFigures',
};

export const REASONS: Readonly<Record<FeedbackReason, StringKey>> = {
  'off-topic': 'reasonOffTopic',
  'wrong-number': 'reasonWrongNumber',
  'wrong-citation': 'reasonWrongCitation',
  'should-answer': 'reasonShouldAnswer',
  other: 'reasonOther',
};

/** The first letter of a text: a Chinese character or a Latin letter, digits and punctuation passed over. */
const FIRST_LETTER = /[\u3400-\u9fffA-Za-z]/;

/**
 * The language a text is written in, as a `lang` attribute: that of its first letter, so that an English answer
 * quoting a report in Chinese (`Beijing (2025 government work report): “…”`) is English.
 */
export function textLang(text: string): 'zh-CN' | 'en' {
  const first = FIRST_LETTER.exec(text)?.[0];
  return first === undefined || /[A-Za-z]/.test(first) ? 'en' : 'zh-CN';
}
