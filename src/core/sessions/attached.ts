import type { Character } from "#core/accounts/account-store.ts";
import type { SessionRecord } from "./session-store.ts";

/** A connection attached to a session, with the new single-use resume token. */
export interface Attached {
  readonly session: SessionRecord;
  readonly character: Character;
  readonly resumeToken: string;
  readonly resumed: boolean;
}
