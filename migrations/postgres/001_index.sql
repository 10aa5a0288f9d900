-- The index: builds, each written whole into partitions of its own and made current in one transaction. Documents
-- are json, not jsonb, so that they read back exactly as written (a manifest is compared as written).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE SEQUENCE index_build_ids;

CREATE TABLE index_builds (
  id bigint PRIMARY KEY,
  -- writing: under way (its writer holds an advisory lock on it); current: answers; retired: replaced.
  state text NOT NULL CHECK (state IN ('writing', 'current', 'retired')),
  manifest json NOT NULL,
  -- What BM25 reads of the whole build: how many chunks, and the average length of each field.
  lexical json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX index_builds_one_current ON index_builds ((true)) WHERE state = 'current';

CREATE TABLE index_reports (
  build_id bigint NOT NULL,
  position integer NOT NULL,
  report json NOT NULL
) PARTITION BY LIST (build_id);

-- One row per chunk. The token columns hold the lexical index's own tokens (character bigrams, numbers, Latin
-- words) with their positions, so BM25 reads the same term frequencies as in memory; lengths are the distinct
-- tokens of the text, section path and report title.
CREATE TABLE index_chunks (
  build_id bigint NOT NULL,
  ord integer NOT NULL,
  id text NOT NULL,
  report_id text NOT NULL,
  ordinal integer NOT NULL,
  section_path text[] NOT NULL,
  top_heading text,
  text text NOT NULL,
  text_tokens tsvector NOT NULL,
  section_tokens tsvector NOT NULL,
  title_tokens tsvector NOT NULL,
  lengths integer[] NOT NULL,
  embedding vector(384)
) PARTITION BY LIST (build_id);

-- In how many chunks each token occurs in the text, section path and report title.
CREATE TABLE index_terms (
  build_id bigint NOT NULL,
  term text NOT NULL,
  frequencies integer[] NOT NULL
) PARTITION BY LIST (build_id);

CREATE TABLE index_sentence_vectors (
  build_id bigint NOT NULL,
  key text NOT NULL,
  embedding vector(384) NOT NULL
) PARTITION BY LIST (build_id);

CREATE TABLE index_word_vectors (
  build_id bigint NOT NULL,
  word text NOT NULL,
  embedding vector(384) NOT NULL
) PARTITION BY LIST (build_id);

CREATE TABLE index_indicators (
  build_id bigint NOT NULL,
  position integer NOT NULL,
  row json NOT NULL
) PARTITION BY LIST (build_id);
