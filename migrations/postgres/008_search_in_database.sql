-- Searches ranked inside the database, one statement each, instead of postings pulled batch by batch into the server.
-- Each runs without JIT compilation, which costs more than a search of some milliseconds gains from it.

-- A chunk's text kept in its row (its token lists go out of line first): counting the chunks where a word is written
-- reads each candidate's text, and reading it from the TOAST table cost four page reads more per chunk. Builds
-- written from now on are stored so.
ALTER TABLE index_chunks ALTER COLUMN text SET STORAGE MAIN;

-- A chunk's BM25 part for one posting: `scale` is the term's inverse frequency times its field's weight and repeats.
CREATE FUNCTION lexical_part(scale float8, frequency integer, length integer, average float8, k1 float8, b float8, d float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT scale * (d + (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * length) / average))) $$;

-- A chunk's sum over the term fields read so far, and which of the question's terms it holds (one bit each).
CREATE TYPE lexical_partial AS (ord integer, report integer, sum float8, held varbit);

-- The chunks that can make the best k by BM25, with every posting of the question's terms in them, for the server to
-- rank exactly (MaxScore): the term fields are given largest bound first; those of the largest bounds are read until
-- k chunks hold them, k of those are scored exactly and set a score to beat; the term fields whose bounds together
-- fall short of it are read only for the chunks that can still reach it, dropping the others as they are read.
-- Weights are left to the server, which gives the least and the most weight of each report's passages (by the
-- report's place, from 1; null when there are none, as if all were 1) and the most of all (`weight_bound`): the score
-- to beat is a sum times its report's least weight, and a chunk is kept while its bound times its report's most
-- reaches it; `passage_weights` gives the weight of each report's passages under each top-level heading that is not 1
-- (keyed by the report's place, then `|` and the heading when there is one), by which the chunks scored exactly are
-- weighed. `slack` leaves room for sums rounded in another order.
CREATE FUNCTION lexical_candidates(
  build bigint, terms text[], fields smallint[], bounds float8[], scales float8[], matching integer[], term_bits integer[], term_count integer,
  averages float8[], k1 float8, b float8, d float8, scope integer[], k integer, weight_bound float8, slack float8,
  least_weights float8[], most_weights float8[], passage_weights jsonb)
RETURNS TABLE (chunk_ord integer, chunk_id text, chunk_report text, chunk_heading text, posting_term text, posting_field smallint, posting_frequency integer, posting_length integer)
LANGUAGE plpgsql STABLE SET jit = off AS $fn$
DECLARE
  n integer := cardinality(terms);
  none varbit := repeat('0', greatest(term_count, 1))::varbit;
  masks varbit[];
  partials lexical_partial[] := '{}';
  read_upto integer := 0;
  threshold float8 := 0;
  optional_sum float8 := 0;
  optional_bits varbit;
  next_bits varbit;
  essential integer;
  step integer;
  score float8;
  unread_sum float8;
  unread_bits varbit;
  kept lexical_partial[];
  -- The build's own partitions, named so that the postings are read from their index alone (a condition on the build
  -- would have each row's build read from the table).
  postings constant text := format('%I', 'index_postings_b' || build);
  chunks constant text := format('%I', 'index_chunks_b' || build);
  -- Statements are run with EXECUTE so that each is planned for its own term, field and number of chunks: the
  -- postings are then read from their index alone, and a long list of chunks is joined by hash.
  -- Term fields $9 to $10 read in full and added to the sums so far ($1).
  read_all constant text := format($q$
    SELECT ARRAY(
      SELECT ROW(coalesce(a.ord, p.ord), coalesce(a.report, p.report), coalesce(a.sum, 0) + coalesce(p.sum, 0),
                 CASE WHEN p.ord IS NULL THEN a.held WHEN a.ord IS NULL THEN p.held ELSE a.held | p.held END)::lexical_partial
      FROM unnest($1::lexical_partial[]) AS a
      FULL JOIN (SELECT x.ord, x.report, sum(lexical_part(($3::float8[])[u.i], x.frequency, x.length, ($4::float8[])[($12::smallint[])[u.i] + 1], $5, $6, $7)) AS sum,
                        bit_or(($2::varbit[])[u.i]) AS held
                 FROM generate_series($9, $10) AS u(i)
                 JOIN %1$s x ON x.term = ($8::text[])[u.i] AND x.field = ($12::smallint[])[u.i] AND ($11::integer[] IS NULL OR x.report = ANY($11::integer[]))
                 GROUP BY x.ord, x.report) AS p
        ON p.ord = a.ord)$q$, postings);
  -- The exact sums of the k chunks of largest sums so far ($9), each term field looked up by index (`OFFSET 0` keeps
  -- the planner from reading every posting of the terms instead), times their weights: their k-th is a score the best
  -- k reach.
  score_likeliest constant text := format($q$
    SELECT min(s.score) FROM (
      SELECT sum(p.part) * bit_count(bit_or(p.held)) * coalesce(($12::jsonb ->> (c.report::text || coalesce('|' || h.top_heading, '')))::float8, 1) AS score
      FROM (SELECT l.ord, l.report FROM unnest($9::lexical_partial[]) AS l ORDER BY l.sum * bit_count(l.held) * coalesce(($11::float8[])[l.report + 1], 1) DESC LIMIT $10) AS c
      JOIN %2$s h ON h.ord = c.ord
      CROSS JOIN LATERAL (
        SELECT lexical_part(($3::float8[])[u.i], x.frequency, x.length, ($4::float8[])[($2::smallint[])[u.i] + 1], $5, $6, $7) AS part, ($8::varbit[])[u.i] AS held
        FROM generate_subscripts($1::text[], 1) AS u(i)
        JOIN %1$s x ON x.term = ($1::text[])[u.i] AND x.field = ($2::smallint[])[u.i] AND x.report = c.report AND x.ord = c.ord
        OFFSET 0) AS p
      GROUP BY c.ord, c.report, h.top_heading) AS s$q$, postings, chunks);
  -- The same, for the chunks kept alone, dropping those that cannot reach the score to beat ($12) with what is left
  -- unread ($13, $14) and their report's most weight ($8).
  read_kept_by_hash constant text := format($q$
    SELECT ARRAY(
      SELECT ROW(a.ord, a.report, a.sum + coalesce(p.part, 0), CASE WHEN p.part IS NULL THEN a.held ELSE a.held | $2 END)::lexical_partial
      FROM unnest($1::lexical_partial[]) AS a
      LEFT JOIN (SELECT x.ord, lexical_part($3, x.frequency, x.length, $4, $5, $6, $7) AS part
                 FROM %1$s x
                 WHERE x.term = $9 AND x.field = $10 AND ($11::integer[] IS NULL OR x.report = ANY($11::integer[]))) AS p
        ON p.ord = a.ord
      WHERE (a.sum + coalesce(p.part, 0) + $13) * bit_count(CASE WHEN p.part IS NULL THEN a.held ELSE a.held | $2 END | $14) * coalesce(($8::float8[])[a.report + 1], 1) * $15 >= $12)$q$, postings);
  read_kept_by_index constant text := format($q$
    SELECT ARRAY(
      SELECT ROW(a.ord, a.report, a.sum + coalesce(p.part, 0), CASE WHEN p.part IS NULL THEN a.held ELSE a.held | $2 END)::lexical_partial
      FROM unnest($1::lexical_partial[]) AS a
      LEFT JOIN LATERAL (SELECT lexical_part($3, x.frequency, x.length, $4, $5, $6, $7) AS part
                         FROM %1$s x
                         WHERE x.term = $9 AND x.field = $10 AND x.report = a.report AND x.ord = a.ord OFFSET 0) AS p ON true
      WHERE (a.sum + coalesce(p.part, 0) + $13) * bit_count(CASE WHEN p.part IS NULL THEN a.held ELSE a.held | $2 END | $14) * coalesce(($8::float8[])[a.report + 1], 1) * $15 >= $12)$q$, postings);
BEGIN
  IF n IS NULL OR n = 0 OR k <= 0 THEN RETURN; END IF;
  masks := ARRAY(SELECT set_bit(none, bit, 1) FROM unnest(term_bits) AS bit);

  -- The term fields of largest bound, until k chunks in scope hold them.
  WHILE read_upto < n AND cardinality(partials) < k LOOP
    EXECUTE read_all INTO partials USING partials, masks, scales, averages, k1, b, d, terms, read_upto + 1, read_upto + 1, scope, fields;
    read_upto := read_upto + 1;
  END LOOP;

  -- Without a score to beat, every chunk holding a term is ranked; with one, the term fields are read in full from the
  -- largest bound down, twice as many at a time, the score to beat rising, until those left cannot lift a chunk to it
  -- by themselves.
  essential := n;
  step := 1;
  WHILE cardinality(partials) >= k AND weight_bound < 'Infinity'::float8 LOOP
    EXECUTE score_likeliest INTO score USING terms, fields, scales, averages, k1, b, d, masks, partials, k, least_weights, passage_weights;
    threshold := greatest(threshold, score,
      (SELECT l.sum * bit_count(l.held) * coalesce(least_weights[l.report + 1], 1) FROM unnest(partials) AS l ORDER BY 1 DESC OFFSET k - 1 LIMIT 1));
    essential := n;
    optional_sum := 0;
    optional_bits := none;
    WHILE essential > read_upto LOOP
      next_bits := optional_bits | masks[essential];
      EXIT WHEN (optional_sum + bounds[essential]) * bit_count(next_bits) * weight_bound * slack >= threshold;
      optional_sum := optional_sum + bounds[essential];
      optional_bits := next_bits;
      essential := essential - 1;
    END LOOP;
    EXIT WHEN read_upto >= essential;
    EXECUTE read_all INTO partials USING partials, masks, scales, averages, k1, b, d, terms, read_upto + 1, least(essential, read_upto + step), scope, fields;
    read_upto := least(essential, read_upto + step);
    step := step * 2;
  END LOOP;
  IF read_upto < essential THEN
    EXECUTE read_all INTO partials USING partials, masks, scales, averages, k1, b, d, terms, read_upto + 1, essential, scope, fields;
    read_upto := essential;
  END IF;

  -- What is left unread bounds what a chunk can still gain; the chunks that cannot reach the score to beat are out,
  -- and each term field left is read for the chunks kept alone, by index when they are few, in full when many.
  unread_sum := 0;
  unread_bits := none;
  FOR u IN read_upto + 1 .. n LOOP
    unread_sum := unread_sum + bounds[u];
    unread_bits := unread_bits | masks[u];
  END LOOP;
  kept := ARRAY(SELECT l FROM unnest(partials) AS l
                WHERE (l.sum + unread_sum) * bit_count(l.held | unread_bits) * coalesce(most_weights[l.report + 1], 1) * slack >= threshold);
  FOR u IN read_upto + 1 .. n LOOP
    EXIT WHEN cardinality(kept) = 0;
    unread_sum := unread_sum - bounds[u];
    unread_bits := none;
    FOR v IN u + 1 .. n LOOP unread_bits := unread_bits | masks[v]; END LOOP;
    EXECUTE CASE WHEN matching[u] < 8 * cardinality(kept) THEN read_kept_by_hash ELSE read_kept_by_index END INTO kept
      USING kept, masks[u], scales[u], averages[fields[u] + 1], k1, b, d, most_weights, terms[u], fields[u], scope, threshold, unread_sum, unread_bits, slack;
    IF cardinality(kept) > k AND weight_bound < 'Infinity'::float8 THEN
      threshold := greatest(threshold, (SELECT l.sum * bit_count(l.held) * coalesce(least_weights[l.report + 1], 1) FROM unnest(kept) AS l ORDER BY 1 DESC OFFSET k - 1 LIMIT 1));
      kept := ARRAY(SELECT l FROM unnest(kept) AS l
                    WHERE (l.sum + unread_sum) * bit_count(l.held | unread_bits) * coalesce(most_weights[l.report + 1], 1) * slack >= threshold);
    END IF;
  END LOOP;

  -- Their sums are whole now: weighed, the k-th of them is the score to beat, and those short of it are out.
  IF cardinality(kept) > k THEN
    EXECUTE format($q$
      WITH s AS (
        SELECT a AS partial, a.sum * bit_count(a.held) * coalesce(($2::jsonb ->> (a.report::text || coalesce('|' || c.top_heading, '')))::float8, 1) AS score
        FROM unnest($1::lexical_partial[]) AS a JOIN %1$s c ON c.ord = a.ord)
      SELECT ARRAY(SELECT s.partial FROM s WHERE s.score * $3 >= (SELECT t.score FROM s AS t ORDER BY t.score DESC OFFSET $4 - 1 LIMIT 1))$q$, chunks)
      INTO kept USING kept, passage_weights, slack, k;
  END IF;

  -- Every posting of the chunks kept, for the server to rank them: looked up by index when they are few.
  IF cardinality(kept) * n * 8 < (SELECT sum(m) FROM unnest(matching) AS m) THEN
    RETURN QUERY EXECUTE format($q$
      SELECT a.ord, c.id, c.report_id, c.top_heading, p.term, p.field, p.frequency, p.length
      FROM unnest($1::lexical_partial[]) AS a
      JOIN %2$s c ON c.ord = a.ord
      CROSS JOIN LATERAL (
        SELECT x.term, x.field, x.frequency, x.length
        FROM generate_subscripts($2::text[], 1) AS u(i)
        JOIN %1$s x ON x.term = ($2::text[])[u.i] AND x.field = ($3::smallint[])[u.i] AND x.report = a.report AND x.ord = a.ord
        OFFSET 0) AS p$q$, postings, chunks)
      USING kept, terms, fields;
  ELSE
    RETURN QUERY EXECUTE format($q$
      SELECT x.ord, c.id, c.report_id, c.top_heading, x.term, x.field, x.frequency, x.length
      FROM generate_subscripts($2::text[], 1) AS u(i)
      JOIN %1$s x ON x.term = ($2::text[])[u.i] AND x.field = ($3::smallint[])[u.i] AND ($4::integer[] IS NULL OR x.report = ANY($4::integer[]))
      JOIN unnest($1::lexical_partial[]) AS a ON a.ord = x.ord
      JOIN %2$s c ON c.ord = a.ord$q$, postings, chunks)
      USING kept, terms, fields, scope;
  END IF;
END
$fn$;

-- The k chunks nearest a vector by the HNSW graph, with `ef` candidates kept; within reports (`scope`), the graph is
-- scanned on until k of theirs are found. One statement: the settings hold for it alone.
CREATE FUNCTION dense_nearest(build bigint, query vector, k integer, ef integer, scope text[])
RETURNS TABLE (chunk_id text, chunk_report text, chunk_heading text, similarity float8)
LANGUAGE plpgsql SET jit = off AS $fn$
BEGIN
  PERFORM set_config('hnsw.ef_search', ef::text, true);
  IF scope IS NOT NULL THEN
    PERFORM set_config('hnsw.iterative_scan', 'strict_order', true);
  END IF;
  -- Planned with the values themselves, so that the build's partition alone is read and a long scope is looked up
  -- by hash.
  RETURN QUERY EXECUTE
    'SELECT c.id, c.report_id, c.top_heading, 1 - (c.embedding <=> $2) FROM index_chunks c
     WHERE c.build_id = $1 AND ($4::text[] IS NULL OR c.report_id = ANY($4::text[])) ORDER BY c.embedding <=> $2 LIMIT $3'
    USING build, query, k, scope;
END
$fn$;

-- Whether normalizing a chunk's text, as tokenizing does, turns one of its characters into a Chinese character; and
-- whether a build has it for every chunk (builds written before do not). Where it does not, a word of two Chinese
-- characters is in the text exactly when its token is.
ALTER TABLE index_chunks ADD COLUMN text_differs boolean;
ALTER TABLE index_builds ADD COLUMN words_by_tokens boolean NOT NULL DEFAULT false;

-- In how many chunks' text each word is written. A word that is its own token (`by_token`, in a build that knows which
-- texts differ from their tokens) is counted from the chunks holding the token, less those whose text differs and does
-- not hold the word; the others are counted from the chunks holding their tokens one after the other, by the text
-- search index, then the text itself; a word without tokens is looked for in every chunk.
CREATE FUNCTION topic_word_counts(build bigint, words text[], phrases text[], by_token boolean[])
RETURNS TABLE (word text, chunks bigint)
LANGUAGE sql STABLE SET jit = off AS $fn$
  SELECT w.word, CASE
    WHEN w.by_token
    THEN coalesce((SELECT t.frequencies[1] FROM index_terms t WHERE t.build_id = build AND t.term = w.word), 0)
      - (SELECT count(*) FROM index_chunks c WHERE c.build_id = build AND c.text_differs AND c.text_tokens @@ w.phrase::tsquery AND strpos(c.text, w.word) = 0)
    WHEN w.phrase = ''
    THEN (SELECT count(*) FROM index_chunks c WHERE c.build_id = build AND strpos(c.text, w.word) > 0)
    ELSE (SELECT count(*) FROM index_chunks c WHERE c.build_id = build AND c.text_tokens @@ w.phrase::tsquery AND strpos(c.text, w.word) > 0) END
  FROM unnest(words, phrases, by_token) AS w(word, phrase, by_token)
$fn$;
