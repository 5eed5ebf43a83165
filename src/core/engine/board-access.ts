import type { Role } from "#core/accounts/account-rules.ts";
import type { Board, BoardLevel, BoardPost } from "#core/boards/board-state.ts";

/** Who asks about a board: the acting character and its player's role. */
export interface BoardSubject {
  readonly character: { readonly id: string };
  readonly role: Role;
}

// Every board permission is decided here, from the asker's role and the board's levels, so the policy engine
// can take them over in one place: read, post and moderate per board; edit (authors only); remove (authors
// and moderators). Creating and destroying boards is the policy action `manage_boards` (board-commands.ts).

/** What one may do on a board. */
export type BoardAction = "read" | "post" | "moderate";

const roleRank: Readonly<Record<Role, number>> = { guest: 0, player: 1, builder: 2, admin: 3 };
const levelRank: Readonly<Record<BoardLevel, number>> = { everyone: 0, players: 1, builders: 2, admins: 3 };

/** True when `subject` may `action` on `board`: their role reaches the board's level for it. */
export function mayOnBoard(subject: BoardSubject, board: Board, action: BoardAction): boolean {
  return roleRank[subject.role] >= levelRank[board[action]];
}

/** True when `subject` may replace the text of `post`: only its author. */
export function mayEditPost(subject: BoardSubject, post: BoardPost): boolean {
  return post.authorId === subject.character.id;
}

/** True when `subject` may remove `post`: its author, or a moderator of the board. */
export function mayRemovePost(subject: BoardSubject, board: Board, post: BoardPost): boolean {
  return mayEditPost(subject, post) || mayOnBoard(subject, board, "moderate");
}
