/**
 * Uploaded files read and checked but not yet added: kept in memory under an id of their own until whoever uploaded
 * them confirms or corrects the metadata read from them. Bounded in count, bytes and time, so that uploads never
 * confirmed cannot fill the server's memory.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.ts';

export interface PendingUpload {
  id: string;
  name: string;
  bytes: Uint8Array;
  expires: number;
}

/** How long an upload waits for its confirmation. */
const PENDING_MS = 60 * 60 * 1000;
const MAX_PENDING = 20;

export class PendingUploads {
  private readonly held = new Map<string, PendingUpload>();

  /** `maxBytes` is the most all pending uploads may hold together. */
  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  private expire(): void {
    const now = this.now();
    for (const [id, upload] of this.held) if (upload.expires <= now) this.held.delete(id);
  }

  private bytesHeld(): number {
    let total = 0;
    for (const upload of this.held.values()) total += upload.bytes.byteLength;
    return total;
  }

  /** Keeps the file; refused when the uploads awaiting confirmation are already at their bounds. */
  hold(name: string, bytes: Uint8Array): PendingUpload {
    this.expire();
    if (this.held.size >= MAX_PENDING || this.bytesHeld() + bytes.byteLength > this.maxBytes) {
      throw new AppError('payload-too-large', `${MAX_PENDING} uploads or ${this.maxBytes} bytes already await confirmation: confirm or cancel them first`);
    }
    const upload = { id: randomUUID(), name, bytes, expires: this.now() + PENDING_MS };
    this.held.set(upload.id, upload);
    return upload;
  }

  get(id: string): PendingUpload {
    this.expire();
    const upload = this.held.get(id);
    if (!upload) throw new AppError('not-found', `no upload ${id} awaits confirmation (confirmed, cancelled, or kept past an hour)`);
    return upload;
  }

  drop(id: string): void {
    this.held.delete(id);
  }
}
