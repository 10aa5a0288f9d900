/** The questions asked since the last "new conversation", and the answers still on their way. */
import type { Turn } from './types.ts';

/** What the server accepts as a conversation: at most 20 earlier turns, answers of at most 4000 characters. */
const MAX_TURNS = 20;
const MAX_ANSWER_CHARS = 4000;

interface AskedTurn {
  question: string;
  answer?: string;
}

export class Conversation {
  private turns: AskedTurn[] = [];
  private readonly stops = new Set<() => void>();

  /** The earlier turns a follow-up is read against: those answered, oldest first. */
  context(): Turn[] {
    return this.turns
      .filter((turn): turn is Turn => turn.answer !== undefined)
      .slice(-MAX_TURNS)
      .map(({ question, answer }) => ({ question, answer: answer.slice(0, MAX_ANSWER_CHARS) }));
  }

  /** Records a question; the returned function records its answer once it has come. */
  add(question: string): (answer: string) => void {
    const turn: AskedTurn = { question };
    this.turns.push(turn);
    return (answer) => {
      turn.answer = answer;
    };
  }

  /** Keeps the way to stop listening for an answer, so that starting over leaves no answer arriving late. */
  track(stop: () => void): () => void {
    this.stops.add(stop);
    return () => this.stops.delete(stop);
  }

  clear(): void {
    for (const stop of this.stops) stop();
    this.stops.clear();
    this.turns = [];
  }

  get isEmpty(): boolean {
    return this.turns.length === 0;
  }
}
