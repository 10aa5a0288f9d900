/** What the embedding model is doing, for a server to report and to know when answers by meaning wait or fail. */

/**
 * - `starting`: its process is loading the model, as asked (first use, the first request after `release()`, a
 *   change of threads); requests wait for it.
 * - `ready`: the model answers.
 * - `restarting`: its process ended without being asked to, or could not load the model; requests fail at once
 *   with `ModelUnavailableError` while a new one is started in the background, and work again once `ready`.
 * - `released`: no process runs, as asked by `release()`; the next request starts one.
 */
export type EmbedderStatus = 'starting' | 'ready' | 'restarting' | 'released';

export type StatusListener = (status: EmbedderStatus) => void;
