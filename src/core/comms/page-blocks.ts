import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import type { Clock } from "#shared/util/clock.ts";

/** The most senders one character may block, so a list stays bounded. */
export const MAX_BLOCKS = 100;

/** What page blocks need: the account store keeps them (both real stores, and guests' in memory). */
export interface PageBlocksDeps {
  readonly store: Pick<
    AccountStore,
    "addBlock" | "removeBlock" | "listBlocks" | "isBlocked" | "getCharacter"
  >;
  /** Any character by exact name (any case), connected or not. */
  readonly findCharacter: (name: string) => Promise<Pick<Character, "id" | "name"> | undefined>;
  readonly clock: Clock;
}

/**
 * `page/block`, `page/unblock` and the list. The blocks themselves are a policy input: a page or whisper
 * decides `page` on its recipient, whose `blocks` the default policy `blocked-senders-may-not-page` reads.
 */
export interface PageBlocks {
  /** `page/block <name>`: that character's pages and whispers to `by` are refused from now on. */
  block(by: string, typed: string): Promise<Markup>;
  /** `page/unblock <name>`. */
  unblock(by: string, typed: string): Promise<Markup>;
  /** `page/block` alone: who `by` blocks. */
  list(by: string): Promise<Markup>;
}

/** Creates page blocks over the account store. */
export function createPageBlocks(deps: PageBlocksDeps): PageBlocks {
  const { store } = deps;
  const named = async (typed: string) => {
    const name = typed.trim();
    if (name === "")
      throw new HoloError("invalid_argument", "Usage: page/block <name>, or page/unblock <name>");
    const found = await deps.findCharacter(name);
    if (!found) throw new HoloError("not_found", `There is no one called "${name}".`);
    return found;
  };
  return {
    async block(by, typed) {
      const sender = await named(typed);
      if (sender.id === by) throw new HoloError("invalid_argument", "You cannot block yourself.");
      if (await store.isBlocked(by, sender.id)) return markup`You already block ${sender.name}.`;
      if ((await store.listBlocks(by)).length >= MAX_BLOCKS)
        throw new HoloError(
          "resource_exhausted",
          `You already block ${MAX_BLOCKS} characters; unblock one first.`,
        );
      await store.addBlock(by, sender.id, deps.clock.now());
      return markup`You will no longer receive pages or whispers from ${sender.name}.`;
    },
    async unblock(by, typed) {
      const sender = await named(typed);
      if (!(await store.removeBlock(by, sender.id))) return markup`You are not blocking ${sender.name}.`;
      return markup`You will receive pages and whispers from ${sender.name} again.`;
    },
    async list(by) {
      const ids = await store.listBlocks(by);
      const names = await Promise.all(ids.map(async (id) => (await store.getCharacter(id))?.name));
      const known = names.filter((n): n is string => n !== undefined);
      return known.length === 0
        ? markup`You are not blocking anyone.`
        : markup`You are blocking: ${known.join(", ")}.`;
    },
  };
}
