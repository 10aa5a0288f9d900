-- What servers share between requests: the question budget of each client, and the Slack events answered.

-- The table rate-limiter-flexible's Postgres store keeps, created here rather than by the library at run time.
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

-- A Slack event is answered by the server that inserts its id first; retries and the other servers find it taken.
CREATE TABLE slack_events (
  event_id text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_events_seen_at ON slack_events (seen_at);
