import type { Character } from "#core/accounts/account-store.ts";
import type { GuestAccounts } from "#core/accounts/guest-accounts.ts";
import type { Channels } from "#core/channels/channels.ts";
import type { NewId } from "#shared/util/ids.ts";

/** What ending guests needs. */
export interface GuestLifecycleDeps {
  readonly guests: GuestAccounts;
  readonly channels: Channels;
  /** Whether the character still has a session (SessionManager.hasSession); bound late. */
  readonly hasSession: (characterId: string) => Promise<boolean>;
  /** Ends a character's session now (SessionManager.end); bound late. */
  readonly endSession: (characterId: string) => Promise<void>;
  readonly newId: NewId;
}

/** Ends guests: when the last connection leaves, and (for ones the gateway never detached) at the sweep. */
export interface GuestLifecycle {
  /** Called after a character's disconnect was announced; ends it when it is a guest. */
  disconnected(character: Character): Promise<void>;
  /** Ends guests whose session is gone (swept past its time-to-live); returns how many. */
  prune(): Promise<number>;
}

/** Creates the lifecycle: a guest leaves its channels (events, so the projection forgets it), then is forgotten. */
export function createGuestLifecycle(deps: GuestLifecycleDeps): GuestLifecycle {
  const { guests, channels } = deps;
  const end = async (character: Character) => {
    const who = { id: character.id, name: character.name, newId: deps.newId };
    for (const key of await channels.keysOf(character.id)) await channels.leave(who, key);
    await deps.endSession(character.id);
    guests.remove(character.id);
  };
  return {
    async disconnected(character) {
      if (guests.isGuest(character.id)) await end(character);
    },
    async prune() {
      let ended = 0;
      for (const id of guests.ids()) {
        if (await deps.hasSession(id)) continue;
        const character = await guests.store.getCharacter(id);
        if (character) await end(character);
        ended += 1;
      }
      return ended;
    },
  };
}
