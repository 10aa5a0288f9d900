/**
 * Several model processes, one thread each, sharing the texts of a build. ONNX Runtime's threads spin while they
 * wait, and on the short texts of an index most of a second thread's time went to that: on 2 cores, one process on
 * two threads embedded 5.5 paragraphs a second for 13.4 s of CPU per 120, two processes on one thread each 9.8 a
 * second for 7.0 s. The vectors are the same either way (a text is always embedded alone).
 */
import { Embeddings } from '@langchain/core/embeddings';
import type { ChildEmbeddings } from './child-embeddings.ts';
import { Listeners } from './listeners.ts';
import type { EmbedderStatus, StatusListener } from './status.ts';

/** The pool's status: unavailable while any process is, ready when all are. */
function combined(statuses: readonly EmbedderStatus[]): EmbedderStatus {
  for (const status of ['restarting', 'starting', 'released'] as const) if (statuses.includes(status)) return status;
  return 'ready';
}

export class PooledEmbeddings extends Embeddings {
  private readonly listeners = new Listeners<EmbedderStatus>();
  private last: EmbedderStatus;
  private next = 0;

  constructor(readonly members: readonly [ChildEmbeddings, ...ChildEmbeddings[]]) {
    super({});
    this.last = this.status();
    for (const member of members) {
      member.onStatus(() => {
        const now = this.status();
        if (now !== this.last) this.listeners.tell(now);
        this.last = now;
      });
    }
  }

  /** The texts in as many consecutive parts as there are processes, embedded at once and put back in order. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    const size = Math.ceil(documents.length / this.members.length);
    const parts = this.members.map((member, i) => {
      const part = documents.slice(i * size, (i + 1) * size);
      return part.length > 0 ? member.embedDocuments(part) : Promise.resolve([]);
    });
    return (await Promise.all(parts)).flat();
  }

  /** Each question to the next process in turn. */
  async embedQuery(document: string): Promise<number[]> {
    const member = this.members[this.next % this.members.length] ?? this.members[0];
    this.next += 1;
    return member.embedQuery(document);
  }

  status(): EmbedderStatus {
    return combined(this.members.map((member) => member.status()));
  }

  onStatus(listener: StatusListener): () => void {
    return this.listeners.add(listener);
  }

  async release(): Promise<void> {
    await Promise.all(this.members.map((member) => member.release()));
  }
}
