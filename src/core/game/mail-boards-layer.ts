import type { TokenBucketConfig } from "#core/accounts/token-buckets.ts";
import { BOARDS_STREAM, type BoardSnapshot, createBoardState } from "#core/boards/board-state.ts";
import { type Boards, createBoards } from "#core/boards/boards.ts";
import type { Command } from "#core/engine/command.ts";
import type { CommandDeps } from "#core/engine/command-deps.ts";
import { boardCommand } from "#core/engine/commands/board-commands.ts";
import { mailCommand } from "#core/engine/commands/mail-commands.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { foldStream } from "#core/events/fold-stream.ts";
import { createMail, type Mail, type MailRecipient } from "#core/mail/mail.ts";
import { createMailState, MAIL_STREAM, type MailSnapshot } from "#core/mail/mail-state.ts";
import type { Clock } from "#shared/util/clock.ts";

/** What mail and boards are built from. */
export interface MailBoardsDeps {
  readonly events: EventStore;
  readonly append: AppendEvents;
  readonly clock: Clock;
  readonly findCharacter: (name: string) => Promise<MailRecipient | undefined>;
  /** Whether a character has a session, connected or waiting: it is sent a notice, live or on its return. */
  readonly reachable: (characterId: string) => Promise<boolean>;
  /** Messages one mailbox holds (`--mail-quota`); mail-rules.ts DEFAULT_MAIL_QUOTA when absent. */
  readonly quota?: number | undefined;
  /** Messages one character may send (`--mail-burst`, `--mails-per-minute`); mail-rules.ts defaultMailRate when absent. */
  readonly rate?: TokenBucketConfig | undefined;
}

/** The mailboxes and boards as their projections hold them now. */
export interface MailBoardsSnapshot {
  readonly mail: MailSnapshot;
  readonly boards: BoardSnapshot;
}

/** Mail and boards, their commands, and their state for comparing with a rebuild. */
export interface MailBoardsLayer {
  readonly mail: Mail;
  readonly boards: Boards;
  commands(deps: CommandDeps): Command[];
  snapshot(): MailBoardsSnapshot;
}

/**
 * Folds the mailboxes and the boards from their two streams alone, then serves them: the projections live in
 * memory and are rebuilt at every start, reading only the `mail` and `boards` streams.
 * Known limitation: a second core on the same PostgreSQL does not see this core's mail until it restarts.
 */
export async function openMailBoards(deps: MailBoardsDeps): Promise<MailBoardsLayer> {
  const { mailState, boardState } = await fold(deps.events);
  const mail = createMail({
    state: mailState,
    append: deps.append,
    clock: deps.clock,
    findCharacter: deps.findCharacter,
    reachable: deps.reachable,
    ...(deps.quota === undefined ? {} : { quota: deps.quota }),
    ...(deps.rate === undefined ? {} : { rate: deps.rate }),
  });
  const boards = createBoards({ state: boardState, append: deps.append, clock: deps.clock });
  return {
    mail,
    boards,
    commands: (cd) => [mailCommand(mail), boardCommand(cd, boards)],
    snapshot: () => ({ mail: mailState.snapshot(), boards: boardState.snapshot() }),
  };
}

/** The mailboxes and boards folded from `events` alone, as a fresh start would hold them. */
export async function rebuildMailBoards(events: EventStore): Promise<MailBoardsSnapshot> {
  const { mailState, boardState } = await fold(events);
  return { mail: mailState.snapshot(), boards: boardState.snapshot() };
}

/** Both projections, folded from their streams alone. */
async function fold(events: EventStore) {
  const mailState = createMailState();
  const boardState = createBoardState();
  await foldStream(events, MAIL_STREAM, (e) => mailState.apply(e));
  await foldStream(events, BOARDS_STREAM, (e) => boardState.apply(e));
  return { mailState, boardState };
}
