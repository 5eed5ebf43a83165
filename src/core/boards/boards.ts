import { characterActor, commEvent, type Speaker } from "#core/comms/comm-event.ts";
import { checkBody, checkSubject, replySubject } from "#core/comms/letter-rules.ts";
import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import type { Clock } from "#shared/util/clock.ts";
import { createSemaphore } from "#shared/util/semaphore.ts";
import {
  BOARDS_STREAM,
  type Board,
  type BoardLevel,
  type BoardPost,
  type BoardState,
} from "./board-state.ts";

/** Who may read, post and moderate a new board. */
export interface BoardLevels {
  readonly read: BoardLevel;
  readonly post: BoardLevel;
  readonly moderate: BoardLevel;
}

/** A new board's levels when none are given: everyone reads, non-guests post, admins moderate. */
export const DEFAULT_BOARD_LEVELS: BoardLevels = { read: "everyone", post: "players", moderate: "admins" };

/** The levels, widest first. */
export const BOARD_LEVELS: readonly BoardLevel[] = ["everyone", "players", "builders", "admins"];

const namePattern = /^[A-Za-z][A-Za-z0-9_-]{1,29}$/;

/** What boards need. */
export interface BoardsDeps {
  /** The projection, already folded from the `boards` stream; boards keep it current. */
  readonly state: BoardState;
  readonly append: AppendEvents;
  readonly clock: Clock;
}

/**
 * Bulletin boards: every change an event on the `boards` stream, run one at a time so post numbers follow
 * position order. Who may do what is not decided here but by the caller (src/core/engine/board-access.ts);
 * refusals throw HoloError and append nothing.
 */
export interface Boards {
  list(): readonly Board[];
  posts(board: Board): readonly BoardPost[];
  /** Post `number` of the board, or not_found. */
  post(board: Board, number: number): BoardPost;
  unread(board: Board, characterId: string): number;
  hasRead(board: Board, characterId: string, number: number): boolean;
  create(by: Speaker, name: string, levels: BoardLevels): Promise<Board>;
  destroy(by: Speaker, board: Board): Promise<StoredEvent[]>;
  write(by: Speaker, board: Board, subject: string, body: string): Promise<BoardPost>;
  reply(by: Speaker, board: Board, number: number, body: string): Promise<BoardPost>;
  edit(by: Speaker, board: Board, number: number, body: string): Promise<BoardPost>;
  remove(by: Speaker, board: Board, number: number): Promise<BoardPost>;
  markRead(by: Speaker, board: Board, number: number): Promise<StoredEvent[]>;
}

type BoardType = keyof EventPayloads & `board.${string}`;

/** Creates the boards over a folded projection. */
export function createBoards(deps: BoardsDeps): Boards {
  const { state } = deps;
  const serial = createSemaphore(1);
  const event = <T extends BoardType>(who: Speaker, type: T, payload: EventPayloads[T]) =>
    commEvent(deps.clock, who.newId, characterActor(who), BOARDS_STREAM, type, payload);
  const commit = async (batch: readonly NewEvent[]) => {
    const stored = await deps.append(batch);
    for (const e of stored) state.apply(e);
    return stored;
  };
  const current = (board: Board) => {
    const now = state.board(board.key);
    if (!now) throw new HoloError("not_found", `There is no board called "${board.name}".`);
    return now;
  };
  const post = (board: Board, number: number) => {
    const found = state.posts(current(board).key).find((p) => p.number === number);
    if (!found) throw new HoloError("not_found", `${board.name} has no post ${number}.`);
    return found;
  };
  const newest = (board: Board) => state.posts(board.key).at(-1) as BoardPost;
  const write = async (by: Speaker, board: Board, subject: string, body: string, replyTo?: number) => {
    await commit([
      event(by, "board.post", {
        board: current(board).name,
        authorId: by.id,
        name: by.name,
        subject,
        body,
        ...(replyTo === undefined ? {} : { replyTo }),
      }),
    ]);
    return newest(board);
  };
  return {
    list: () => state.boards(),
    posts: (board) => state.posts(board.key),
    post,
    unread: (board, characterId) =>
      state.posts(board.key).filter((p) => !state.hasRead(board.key, characterId, p.number)).length,
    hasRead: (board, characterId, number) => state.hasRead(board.key, characterId, number),
    create: (by, name, levels) =>
      serial.run(async () => {
        if (!namePattern.test(name))
          throw new HoloError(
            "invalid_argument",
            "A board name must be 2 to 30 characters: a letter, then letters, digits, '_' or '-'.",
          );
        if (state.board(name))
          throw new HoloError("already_exists", `There is already a board called ${name}.`);
        await commit([event(by, "board.create", { board: name, name: by.name, ...levels })]);
        return state.board(name) as Board;
      }),
    destroy: (by, board) =>
      serial.run(async () =>
        commit([event(by, "board.destroy", { board: current(board).name, name: by.name })]),
      ),
    write: (by, board, subject, body) =>
      serial.run(async () => write(by, board, checkSubject(subject), checkBody(body))),
    reply: (by, board, number, body) =>
      serial.run(async () => {
        const original = post(board, number);
        return write(by, board, replySubject(original.subject), checkBody(body), number);
      }),
    edit: (by, board, number, body) =>
      serial.run(async () => {
        post(board, number);
        const text = checkBody(body);
        await commit([event(by, "board.edit", { board: board.name, number, body: text, name: by.name })]);
        return post(board, number);
      }),
    remove: (by, board, number) =>
      serial.run(async () => {
        const removed = post(board, number);
        await commit([event(by, "board.remove", { board: board.name, number, name: by.name })]);
        return removed;
      }),
    markRead: (by, board, number) =>
      serial.run(async () =>
        state.hasRead(board.key, by.id, number)
          ? []
          : commit([event(by, "board.read", { board: board.name, number, characterId: by.id })]),
      ),
  };
}
