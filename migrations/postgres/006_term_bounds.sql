-- Each term's bound on its part in a chunk's BM25 sum in each field (before the chunk's weight): its score at its
-- largest frequency there in the shortest such field. A search reads a common term's postings only for the chunks
-- that can still make the best k. Builds written before have none: their terms are bounded by their frequencies alone.
ALTER TABLE index_terms ADD COLUMN bounds float8[];
