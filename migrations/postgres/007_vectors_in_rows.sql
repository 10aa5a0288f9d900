-- Vectors kept in their rows, not out of line: a search within some reports compares the question with each of their
-- chunks, and reading each chunk's vector from the TOAST table cost several page reads more per chunk. Builds written
-- from now on are stored so.
ALTER TABLE index_chunks ALTER COLUMN embedding SET STORAGE MAIN;
ALTER TABLE index_sentence_vectors ALTER COLUMN embedding SET STORAGE MAIN;
ALTER TABLE index_word_vectors ALTER COLUMN embedding SET STORAGE MAIN;
