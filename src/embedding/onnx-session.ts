/** The model's ONNX Runtime session, opened from the file's path. */
import ort from 'onnxruntime-node';

export type Session = ort.InferenceSession;

/**
 * From the path, ONNX Runtime reads the file itself. transformers.js 2.17.2 instead reads it into a JS buffer
 * that ONNX Runtime copies and that stays referenced: the session alone peaked at 386 MB against 274 MB, and
 * 113 MB more stayed resident. Memory patterns are off: ONNX Runtime keeps one per input shape, and texts
 * embedded one at a time come in hundreds of lengths (a full ingest peaked at 707 MB without them, 727 MB
 * with). The CPU memory arena stays on: without it, embedding the 400 longest texts peaked at 652–657 MB
 * against 531–532 MB (the allocator keeps what each run frees); no graph optimization level moved the load
 * peak by 2 MB.
 */
export function openSession(file: string, threads: number | undefined): Promise<Session> {
  return ort.InferenceSession.create(file, { enableMemPattern: false, ...(threads ? { intraOpNumThreads: threads } : {}) });
}

/** The last hidden states of a padded batch of token ids, as [batch, tokens, dimension]. */
export async function lastHiddenState(session: Session, ids: BigInt64Array, mask: BigInt64Array, dims: readonly number[]): Promise<ort.Tensor> {
  const tensor = (data: BigInt64Array) => new ort.Tensor('int64', data, dims);
  const feeds: Record<string, ort.Tensor> = { input_ids: tensor(ids), attention_mask: tensor(mask) };
  // As transformers.js feeds a BERT-style model: one segment, all zeros.
  if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = tensor(new BigInt64Array(ids.length));
  const { last_hidden_state: hidden } = await session.run(feeds);
  if (!hidden) throw new Error('the model gave no last_hidden_state');
  return hidden;
}
