-- What readers leave, shared by every server: conversations shared by link, and feedback on answers. Each is kept
-- as the JSON text the file store writes, so that both stores give back the same.
CREATE TABLE shared_conversations (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  body text NOT NULL
);

CREATE TABLE feedback (
  seq bigserial PRIMARY KEY,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  body text NOT NULL
);
