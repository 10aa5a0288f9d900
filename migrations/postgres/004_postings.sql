-- The lexical index's postings: for each token, the chunks holding it, by field, with its frequency there and the
-- field's length. BM25 reads a question's tokens by index (only those of the reports in scope), instead of every
-- chunk's tsvector; the tsvectors still find the chunks where a word is written.
CREATE TABLE index_postings (
  build_id bigint NOT NULL,
  term text NOT NULL,
  -- The report's place in index_reports, so that a scope is a list of small numbers.
  report integer NOT NULL,
  ord integer NOT NULL,
  field smallint NOT NULL,
  frequency integer NOT NULL,
  length integer NOT NULL
) PARTITION BY LIST (build_id);
