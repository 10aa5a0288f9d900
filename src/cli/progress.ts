/**
 * A progress bar on stderr for embedding: texts done, texts per second and time left. The texts are each chunk
 * (with its report's title and section), each distinct sentence piece and each distinct Chinese word of the corpus.
 */
import { SingleBar } from 'cli-progress';
import type { EmbedProgress } from '../embedding/embed-passages.ts';

export function embeddingProgress(): { onProgress: EmbedProgress; stop: () => void } {
  const bar = new SingleBar({
    format: 'embedding [{bar}] {value}/{total} texts · {rate} texts/s · ETA {eta_formatted}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  let started = 0;
  let active = false;
  return {
    onProgress: (done, total) => {
      if (total === 0) return;
      if (!active) {
        started = performance.now();
        bar.start(total, 0, { rate: '—' });
        active = true;
      }
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : '—' });
    },
    stop: () => {
      if (active) bar.stop();
    },
  };
}
