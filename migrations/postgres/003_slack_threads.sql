-- The turns the Slack bot answered in each thread, so that a follow-up asked of any server is read against them.
CREATE TABLE slack_thread_turns (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  thread text NOT NULL,
  question text NOT NULL,
  answer text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_thread_turns_thread ON slack_thread_turns (channel, thread, id);
CREATE INDEX slack_thread_turns_at ON slack_thread_turns (at);
