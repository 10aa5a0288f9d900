-- Searches ranked inside the database, one statement each, instead of postings pulled batch by batch into the server.

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
-- Weights (at least 1, at most `weight_bound`) are left to the server: the score to beat is taken unweighted, and a
-- chunk is kept while its bound times `weight_bound` reaches it. `slack` leaves room for sums rounded in another order.
CREATE FUNCTION lexical_candidates(
  build bigint, terms text[], fields smallint[], bounds float8[], scales float8[], matching integer[], term_bits integer[], term_count integer,
  averages float8[], k1 float8, b float8, d float8, scope integer[], k integer, weight_bound float8, slack float8)
RETURNS TABLE (chunk_ord integer, chunk_id text, chunk_report text, chunk_heading text, posting_term text, posting_field smallint, posting_frequency integer, posting_length integer)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  n integer := cardinality(terms);
  none varbit := repeat('0', greatest(term_count, 1))::varbit;
  masks varbit[];
  partials lexical_partial[] := '{}';
  seen integer := 0;
  read_upto integer := 0;
  threshold float8 := 0;
  optional_sum float8 := 0;
  optional_bits varbit;
  next_bits varbit;
  essential integer;
  unread_sum float8;
  unread_bits varbit;
  kept lexical_partial[];
BEGIN
  IF n IS NULL OR n = 0 OR k <= 0 THEN RETURN; END IF;
  masks := ARRAY(SELECT set_bit(none, bit, 1) FROM unnest(term_bits) AS bit);

  -- The term fields of largest bound, until k chunks in scope hold them.
  WHILE read_upto < n AND seen < k LOOP
    read_upto := read_upto + 1;
    partials := ARRAY(
      SELECT ROW(coalesce(a.ord, p.ord), coalesce(a.report, p.report), coalesce(a.sum, 0) + coalesce(p.part, 0),
                 CASE WHEN p.ord IS NULL THEN a.held WHEN a.ord IS NULL THEN masks[read_upto] ELSE a.held | masks[read_upto] END)::lexical_partial
      FROM unnest(partials) AS a
      FULL JOIN (SELECT x.ord, x.report, lexical_part(scales[read_upto], x.frequency, x.length, averages[fields[read_upto] + 1], k1, b, d) AS part
                 FROM index_postings x
                 WHERE x.build_id = build AND x.term = terms[read_upto] AND x.field = fields[read_upto] AND (scope IS NULL OR x.report = ANY(scope))) AS p
        ON p.ord = a.ord);
    seen := cardinality(partials);
  END LOOP;

  IF seen >= k AND weight_bound < 'Infinity'::float8 THEN
    -- The k likeliest, scored exactly over every term field: the k-th of them is a score the best k reach.
    SELECT min(s.score) INTO threshold FROM (
      SELECT sum(lexical_part(scales[u.i], x.frequency, x.length, averages[fields[u.i] + 1], k1, b, d)) * bit_count(bit_or(masks[u.i])) AS score
      FROM (SELECT l.ord, l.report FROM unnest(partials) AS l ORDER BY l.sum * bit_count(l.held) DESC LIMIT k) AS c
      CROSS JOIN generate_subscripts(terms, 1) AS u(i)
      JOIN index_postings x ON x.build_id = build AND x.term = terms[u.i] AND x.field = fields[u.i] AND x.report = c.report AND x.ord = c.ord
      GROUP BY c.ord) AS s;
    threshold := coalesce(threshold, 0);
  END IF;

  -- The term fields of smallest bound that cannot lift a chunk to the score to beat by themselves; without a score to
  -- beat, every chunk holding a term is ranked.
  essential := n;
  IF threshold > 0 THEN
    optional_bits := none;
    WHILE essential > read_upto LOOP
      next_bits := optional_bits | masks[essential];
      EXIT WHEN (optional_sum + bounds[essential]) * bit_count(next_bits) * weight_bound * slack >= threshold;
      optional_sum := optional_sum + bounds[essential];
      optional_bits := next_bits;
      essential := essential - 1;
    END LOOP;
  END IF;
  -- The others are read in full.
  WHILE read_upto < essential LOOP
    read_upto := read_upto + 1;
    partials := ARRAY(
      SELECT ROW(coalesce(a.ord, p.ord), coalesce(a.report, p.report), coalesce(a.sum, 0) + coalesce(p.part, 0),
                 CASE WHEN p.ord IS NULL THEN a.held WHEN a.ord IS NULL THEN masks[read_upto] ELSE a.held | masks[read_upto] END)::lexical_partial
      FROM unnest(partials) AS a
      FULL JOIN (SELECT x.ord, x.report, lexical_part(scales[read_upto], x.frequency, x.length, averages[fields[read_upto] + 1], k1, b, d) AS part
                 FROM index_postings x
                 WHERE x.build_id = build AND x.term = terms[read_upto] AND x.field = fields[read_upto] AND (scope IS NULL OR x.report = ANY(scope))) AS p
        ON p.ord = a.ord);
  END LOOP;

  -- What is left unread bounds what a chunk can still gain; the chunks that cannot reach the score to beat are out,
  -- and each term field left is read for the chunks kept alone, by index when they are few, in full when many.
  unread_sum := 0;
  unread_bits := none;
  FOR u IN read_upto + 1 .. n LOOP
    unread_sum := unread_sum + bounds[u];
    unread_bits := unread_bits | masks[u];
  END LOOP;
  kept := ARRAY(SELECT l FROM unnest(partials) AS l
                WHERE (l.sum + unread_sum) * bit_count(l.held | unread_bits) * weight_bound * slack >= threshold);
  FOR u IN read_upto + 1 .. n LOOP
    EXIT WHEN cardinality(kept) = 0;
    unread_sum := unread_sum - bounds[u];
    unread_bits := none;
    FOR v IN u + 1 .. n LOOP unread_bits := unread_bits | masks[v]; END LOOP;
    IF matching[u] < 8 * cardinality(kept) THEN
      kept := ARRAY(
        SELECT ROW(a.ord, a.report, a.sum + coalesce(p.part, 0), CASE WHEN p.part IS NULL THEN a.held ELSE a.held | masks[u] END)::lexical_partial
        FROM unnest(kept) AS a
        LEFT JOIN (SELECT x.ord, lexical_part(scales[u], x.frequency, x.length, averages[fields[u] + 1], k1, b, d) AS part
                   FROM index_postings x
                   WHERE x.build_id = build AND x.term = terms[u] AND x.field = fields[u] AND (scope IS NULL OR x.report = ANY(scope))) AS p
          ON p.ord = a.ord
        WHERE (a.sum + coalesce(p.part, 0) + unread_sum) * bit_count(CASE WHEN p.part IS NULL THEN a.held ELSE a.held | masks[u] END | unread_bits) * weight_bound * slack >= threshold);
    ELSE
      kept := ARRAY(
        SELECT ROW(a.ord, a.report, a.sum + coalesce(p.part, 0), CASE WHEN p.part IS NULL THEN a.held ELSE a.held | masks[u] END)::lexical_partial
        FROM unnest(kept) AS a
        LEFT JOIN LATERAL (SELECT lexical_part(scales[u], x.frequency, x.length, averages[fields[u] + 1], k1, b, d) AS part
                           FROM index_postings x
                           WHERE x.build_id = build AND x.term = terms[u] AND x.field = fields[u] AND x.report = a.report AND x.ord = a.ord) AS p ON true
        WHERE (a.sum + coalesce(p.part, 0) + unread_sum) * bit_count(CASE WHEN p.part IS NULL THEN a.held ELSE a.held | masks[u] END | unread_bits) * weight_bound * slack >= threshold);
    END IF;
  END LOOP;

  RETURN QUERY
    SELECT x.ord, c.id, c.report_id, c.top_heading, x.term, x.field, x.frequency, x.length
    FROM unnest(kept) AS a
    JOIN index_chunks c ON c.build_id = build AND c.ord = a.ord
    CROSS JOIN generate_subscripts(terms, 1) AS u(i)
    JOIN index_postings x ON x.build_id = build AND x.term = terms[u.i] AND x.field = fields[u.i] AND x.report = a.report AND x.ord = a.ord;
END
$fn$;
