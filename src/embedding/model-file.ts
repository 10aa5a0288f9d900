/**
 * The model's ONNX file on disk, so that ONNX Runtime can read it itself: in the local model folder, or fetched
 * once into transformers.js' cache folder, where the tokenizer's files from the hub go too.
 */
import { env } from '@xenova/transformers';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { ModelSource } from './locate.ts';

/** The int8 file, as `quantized: true` picks it in transformers.js 2.x. */
export const ONNX_FILE = 'onnx/model_quantized.onnx';

/** The folder of a model's files: the local one, or transformers.js' download cache. */
export function modelFolder(name: string, source: ModelSource): string {
  return join(source.kind === 'local' ? source.dir : env.cacheDir, name);
}

export async function onnxFile(name: string, source: ModelSource): Promise<string> {
  const path = join(modelFolder(name, source), ONNX_FILE);
  if (source.kind === 'hub' && !existsSync(path)) await download(hubUrl(name, ONNX_FILE), path);
  return path;
}

function hubUrl(name: string, file: string): string {
  const folder = env.remotePathTemplate.replaceAll('{model}', name).replaceAll('{revision}', 'main');
  return new URL(`${folder}${file}`, env.remoteHost).href;
}

/** Streamed to disk, so the file is never held whole in memory; renamed into place only once complete. */
async function download(url: string, path: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.part`;
  await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), createWriteStream(partial));
  renameSync(partial, path);
}
