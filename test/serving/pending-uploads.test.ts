/** Uploads awaiting confirmation are bounded in count, bytes and time, so that uploads never confirmed cannot fill the server's memory. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { PendingUploads } from '../../src/serving/pending-uploads.ts';

function codeOf(act: () => unknown): string | undefined {
  try {
    act();
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
  return undefined;
}

describe('uploads awaiting confirmation', () => {
  it('are held under ids of their own until dropped', () => {
    const pending = new PendingUploads(1000);
    const a = pending.hold('a.pdf', new Uint8Array(10));
    const b = pending.hold('a.pdf', new Uint8Array(10));
    expect(a.id).not.toBe(b.id);
    expect(pending.get(a.id).name).toBe('a.pdf');
    pending.drop(a.id);
    expect(codeOf(() => pending.get(a.id))).toBe('not-found');
    expect(pending.get(b.id).bytes.byteLength).toBe(10);
  });

  it('refuse a twenty-first upload, or one past the bytes held together, until others are confirmed or dropped', () => {
    const pending = new PendingUploads(1000);
    const held = Array.from({ length: 20 }, (_, i) => pending.hold(`${i}.pdf`, new Uint8Array(1)));
    expect(codeOf(() => pending.hold('21.pdf', new Uint8Array(1)))).toBe('payload-too-large');
    pending.drop(held[0]?.id ?? '');
    expect(codeOf(() => pending.hold('21.pdf', new Uint8Array(1)))).toBeUndefined();

    const small = new PendingUploads(100);
    small.hold('big.pdf', new Uint8Array(90));
    expect(codeOf(() => small.hold('more.pdf', new Uint8Array(11)))).toBe('payload-too-large');
    expect(codeOf(() => small.hold('fits.pdf', new Uint8Array(10)))).toBeUndefined();
  });

  it('are forgotten an hour after they came', () => {
    let now = 0;
    const pending = new PendingUploads(100, () => now);
    const upload = pending.hold('a.pdf', new Uint8Array(90));
    now = 59 * 60 * 1000;
    expect(pending.get(upload.id).name).toBe('a.pdf');
    now = 60 * 60 * 1000;
    expect(codeOf(() => pending.get(upload.id))).toBe('not-found');
    expect(codeOf(() => pending.hold('b.pdf', new Uint8Array(90)))).toBeUndefined();
  });
});
