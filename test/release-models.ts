/** Run in every test file: the models it loaded end with it, so that no worker running ONNX Runtime outlives its tests. */
import { afterAll } from 'vitest';
import { releaseEmbedders } from './corpus.ts';

afterAll(releaseEmbedders);
