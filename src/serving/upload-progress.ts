/**
 * How far each confirmed upload (or removal) is on its way to being served: written to the corpus folder
 * (`queued`), its texts embedded (`embed`, with counts), the index built and switched to (`index`), then `done`, or
 * `failed`. One confirmed while a build runs waits for the next one, which is the first to read the folder with it.
 */

export type UploadStage = 'queued' | 'embed' | 'index' | 'done' | 'failed';

export interface UploadProgressEvent {
  type: 'upload-progress';
  upload: string;
  stage: UploadStage;
  done?: number;
  total?: number;
}

export class UploadProgress {
  /** Confirmed, waiting for a build to start reading the folder. */
  private readonly waiting = new Set<string>();
  /** In the build under way. */
  private building = new Set<string>();
  private indexing = false;

  constructor(private readonly emit: (event: UploadProgressEvent) => void) {}

  confirmed(upload: string): void {
    this.waiting.add(upload);
    this.emit({ type: 'upload-progress', upload, stage: 'queued' });
  }

  /** A build starts reading the folder: it holds every upload confirmed so far. */
  buildStarted(): void {
    this.building = new Set([...this.building, ...this.waiting]);
    this.waiting.clear();
    this.indexing = false;
    for (const upload of this.building) this.emit({ type: 'upload-progress', upload, stage: 'embed', done: 0, total: 0 });
  }

  embedded(done: number, total: number): void {
    const stage = done >= total ? 'index' : 'embed';
    // Once embedding is over, `index` is said once: the rest is the build's own, without counts.
    if (this.indexing) return;
    this.indexing = stage === 'index';
    for (const upload of this.building) this.emit({ type: 'upload-progress', upload, stage, done, total });
  }

  /** The new build answers. */
  served(): void {
    for (const upload of this.building) this.emit({ type: 'upload-progress', upload, stage: 'done' });
    this.building.clear();
  }

  /** Why is the server's log's to say: the sockets are everyone's. */
  failed(): void {
    for (const upload of this.building) this.emit({ type: 'upload-progress', upload, stage: 'failed' });
    this.building.clear();
  }
}
