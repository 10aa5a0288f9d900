/** The stages an upload is told through: a build claims the uploads confirmed before it starts, later ones wait for the next. */
import { describe, expect, it } from 'vitest';
import { UploadProgress, type UploadProgressEvent } from '../../src/serving/upload-progress.ts';

function recorder(): { progress: UploadProgress; said: string[] } {
  const said: string[] = [];
  const progress = new UploadProgress((event: UploadProgressEvent) => said.push(`${event.upload} ${event.stage}${event.total ? ` ${event.done}/${event.total}` : ''}`));
  return { progress, said };
}

describe('upload progress', () => {
  it('goes queued, embed with counts, index once, then done', () => {
    const { progress, said } = recorder();
    progress.confirmed('a');
    progress.buildStarted();
    progress.embedded(50, 100);
    progress.embedded(100, 100);
    progress.embedded(100, 100);
    progress.served();
    expect(said).toEqual(['a queued', 'a embed', 'a embed 50/100', 'a index 100/100', 'a done']);
  });

  it('leaves an upload confirmed while a build runs to the next build, and says failed for the build that failed', () => {
    const { progress, said } = recorder();
    progress.confirmed('a');
    progress.buildStarted();
    progress.confirmed('b');
    progress.failed();
    progress.buildStarted();
    progress.served();
    progress.served();
    expect(said).toEqual(['a queued', 'a embed', 'b queued', 'a failed', 'b embed', 'b done']);
  });
});
