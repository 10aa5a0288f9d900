/**
 * The messages between the product and the process that runs the embedding model, checked on arrival: they
 * cross a process boundary. Vectors cross as `Float32Array`s (IPC with `serialization: 'advanced'`).
 */
import { z } from 'zod';
import type { ModelSource } from './locate.ts';
import type { EmbeddingModelSpec } from './models.ts';

const specSchema = z.object({
  name: z.string(),
  dimension: z.number().int().positive(),
  pooling: z.enum(['mean', 'cls']),
  queryPrefix: z.string(),
  passagePrefix: z.string(),
}) satisfies z.ZodType<EmbeddingModelSpec>;

const sourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), dir: z.string() }),
  z.object({ kind: z.literal('hub') }),
]) satisfies z.ZodType<ModelSource>;

/** Which model the process loads, and on how many threads (ONNX Runtime's default, one per core, when absent). */
export const childSetupSchema = z.object({
  spec: specSchema,
  source: sourceSchema,
  threads: z.number().int().positive().optional(),
});
export type ChildSetup = z.infer<typeof childSetupSchema>;

/** A question gets the query prefix; passages the passage prefix. */
export const childRequestSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['query', 'documents']),
  texts: z.array(z.string()),
});
export type ChildRequest = z.infer<typeof childRequestSchema>;

/** The process's first message says the model is loaded or why it could not be; each later one answers a request. */
export const childMessageSchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ failed: z.string() }),
  z.object({ id: z.number().int(), vectors: z.array(z.instanceof(Float32Array)) }),
  z.object({ id: z.number().int(), error: z.string() }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
