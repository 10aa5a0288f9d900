/** What a retriever is: something that ranks the chunks of a question's scope by one kind of evidence. */
import type { RankedChunk } from '../indexing/corpus-index.ts';
import type { Query } from '../question/query.ts';
import type { Scope } from './scope.ts';

export type { RankedChunk };

export interface RetrieverQuery {
  /** The question as read: absolute years, the reports' terms. */
  question: string;
  /** What to search for: the question's topic, without the regions the scope already stands for. */
  text: string;
  /** The question's topic as a vector, when there is an embedding model. */
  vector?: number[];
  query: Query;
  scope: Scope;
}

export interface Retriever {
  readonly name: string;
  /** Whether it searches with the question's vector, which `retrieve` then embeds once for all. */
  readonly usesVector: boolean;
  search(query: RetrieverQuery, limit: number): Promise<RankedChunk[]>;
}
