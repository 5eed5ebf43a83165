import type { StoredEvent } from "#core/events/event.ts";
import { type EventPayloads, validatePayload } from "#shared/events/event-schema.ts";

/** The one stream every board event is written to; no session follows it. */
export const BOARDS_STREAM = "boards";

/** Who may do something on a board, from the widest to the narrowest. */
export type BoardLevel = EventPayloads["board.create"]["read"];

/** A bulletin board. */
export interface Board {
  /** Lower-case name, what events name it by. */
  readonly key: string;
  readonly name: string;
  readonly read: BoardLevel;
  readonly post: BoardLevel;
  readonly moderate: BoardLevel;
}

/** One post; `number` is its place in the board's order, never reused after a removal. */
export interface BoardPost {
  readonly number: number;
  readonly authorId: string;
  readonly author: string;
  readonly subject: string;
  readonly body: string;
  readonly postedAt: number;
  readonly editedAt?: number;
  readonly replyTo?: number;
}

/** Everything the projection holds, ordered, for comparing a rebuild with the live state. */
export interface BoardSnapshot {
  readonly boards: readonly (Board & {
    readonly posts: readonly BoardPost[];
    readonly reads: readonly string[];
  })[];
}

/**
 * The board projection, folded from the `boards` stream alone; idempotent by position like the mail one
 * (an event at or below the last applied position changes nothing).
 */
export interface BoardState {
  readonly position: number;
  apply(event: StoredEvent): void;
  /** Every board, by name. */
  boards(): readonly Board[];
  board(key: string): Board | undefined;
  /** The board's posts in number order, removed ones left out. */
  posts(key: string): readonly BoardPost[];
  /** Whether `characterId` read post `number` (their own posts count as read). */
  hasRead(key: string, characterId: string, number: number): boolean;
  snapshot(): BoardSnapshot;
}

interface Held {
  board: Board;
  posts: Map<number, BoardPost>;
  next: number;
  /** `<characterId> <number>` pairs. */
  reads: Set<string>;
}

const readKey = (characterId: string, number: number) => `${characterId} ${number}`;

/** Creates an empty board projection. */
export function createBoardState(): BoardState {
  const held = new Map<string, Held>();
  let position = 0;
  const fold = (event: StoredEvent) => {
    const checked = validatePayload(event.type, event.payload, "ignore");
    if (!checked.ok) return;
    const p = checked.payload as { board?: unknown };
    const key = typeof p.board === "string" ? p.board.toLowerCase() : "";
    const entry = held.get(key);
    switch (event.type) {
      case "board.create": {
        const c = p as EventPayloads["board.create"];
        if (!entry)
          held.set(key, {
            board: { key, name: c.board, read: c.read, post: c.post, moderate: c.moderate },
            posts: new Map(),
            next: 1,
            reads: new Set(),
          });
        return;
      }
      case "board.destroy":
        held.delete(key);
        return;
      case "board.post": {
        if (!entry) return;
        const c = p as EventPayloads["board.post"];
        const number = entry.next++;
        entry.posts.set(number, {
          number,
          authorId: c.authorId,
          author: c.name,
          subject: c.subject,
          body: c.body,
          postedAt: event.timestamp,
          ...(c.replyTo === undefined ? {} : { replyTo: c.replyTo }),
        });
        entry.reads.add(readKey(c.authorId, number));
        return;
      }
      case "board.edit": {
        const c = p as EventPayloads["board.edit"];
        const post = entry?.posts.get(c.number);
        if (entry && post) entry.posts.set(c.number, { ...post, body: c.body, editedAt: event.timestamp });
        return;
      }
      case "board.remove":
        entry?.posts.delete((p as EventPayloads["board.remove"]).number);
        return;
      case "board.read": {
        const c = p as EventPayloads["board.read"];
        entry?.reads.add(readKey(c.characterId, c.number));
        return;
      }
    }
  };
  const sorted = () => [...held.values()].sort((a, b) => (a.board.key < b.board.key ? -1 : 1));
  return {
    get position() {
      return position;
    },
    apply(event) {
      if (event.stream !== BOARDS_STREAM || event.position <= position) return;
      position = event.position;
      fold(event);
    },
    boards: () => sorted().map((h) => h.board),
    board: (key) => held.get(key.toLowerCase())?.board,
    posts: (key) => [...(held.get(key)?.posts.values() ?? [])],
    hasRead: (key, characterId, number) => held.get(key)?.reads.has(readKey(characterId, number)) ?? false,
    snapshot: () => ({
      boards: sorted().map((h) => ({
        ...h.board,
        posts: [...h.posts.values()],
        reads: [...h.reads].sort(),
      })),
    }),
  };
}
