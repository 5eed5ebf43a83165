import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import type { SessionRecord } from "./session-store.ts";

/** The characters of attached sessions, kept between presence calls so `look` and `who` read no store. */
export interface PresentCharacters {
  /** The characters of `sessions`, in their order; ones whose character is gone are left out. */
  of(sessions: readonly SessionRecord[]): Promise<Character[]>;
  /** Drops what is held for the character, after it changed (attach, move, channel change): re-read next time. */
  forget(characterId: string): void;
}

/** Creates the holder; characters are read through `accounts` when first needed and after each forget. */
export function createPresentCharacters(accounts: Pick<AccountStore, "getCharacter">): PresentCharacters {
  const held = new Map<string, Character>();
  // Invariant: a read that raced a forget is not kept, so a move is never undone by a slower read.
  let forgets = 0;
  const read = async (id: string) => {
    const before = forgets;
    const character = await accounts.getCharacter(id);
    if (character && forgets === before) held.set(id, character);
    return [id, character] as const;
  };
  return {
    async of(sessions) {
      const ids = sessions.map((s) => s.characterId);
      const missing = ids.filter((id) => !held.has(id));
      const fresh = new Map(missing.length > 0 ? await Promise.all(missing.map(read)) : []);
      // Bounded: once the held set outgrows the attached sessions, only theirs are kept.
      if (held.size > 2 * ids.length + 16) {
        const present = new Set(ids);
        for (const id of held.keys()) if (!present.has(id)) held.delete(id);
      }
      return ids.flatMap((id) => held.get(id) ?? fresh.get(id) ?? []);
    },
    forget(characterId) {
      held.delete(characterId);
      forgets += 1;
    },
  };
}
