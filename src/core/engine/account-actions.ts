import { checkPassword, type Role } from "#core/accounts/account-rules.ts";
import type { AccountStore, Character, Player } from "#core/accounts/account-store.ts";
import { checkName, nameSkeleton, TOO_SIMILAR } from "#core/accounts/name-rules.ts";
import type { PasswordHasher } from "#core/accounts/password-hasher.ts";
import type { PasswordThrottle } from "#core/accounts/password-throttle.ts";
import { characterActor, commEvent, type Speaker } from "#core/comms/comm-event.ts";
import { splitAssignment } from "#core/comms/messages.ts";
import { charStream, type StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { EventPayloads, EventType } from "#shared/events/event-schema.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";

/** Event types written here (payloads never hold a password): on the acting character's `char:` stream. */
export const accountEventTypes = {
  passwordChanged: "password.changed",
  passwordReset: "password.reset",
  characterCreated: "character.created",
  roleChanged: "role.changed",
} as const;

/** The roles `role <player> = <role>` may give (guests exist only as guest logins). */
const grantable: readonly Role[] = ["player", "builder", "admin"];

/** What the in-game account commands need. */
export interface AccountActionsDeps {
  readonly store: AccountStore;
  readonly hasher: PasswordHasher;
  /** Limits `password` tries per player. */
  readonly passwordThrottle: PasswordThrottle;
  readonly append: AppendEvents;
  readonly clock: Clock;
  readonly newId: NewId;
  /** Where new characters start. */
  readonly startLocationId: () => string;
  /** The most characters one player may have (`--max-characters`). */
  readonly maxCharacters: number;
  /** Called once a character exists, e.g. to put it on the default channel. */
  readonly characterCreated: (character: Character, speaker: Speaker) => Promise<void>;
}

/** The account actions behind the in-game account commands. Their argument text may hold passwords: it is never logged or stored. */
export interface AccountActions {
  /** `password <old> = <new>`. */
  changePassword(by: Speaker, playerId: string, args: string): Promise<StoredEvent[]>;
  /** `newpassword <player> = <password>`, for admins (the caller checks the role). */
  resetPassword(by: Speaker, args: string): Promise<StoredEvent[]>;
  /** `role <player> = player|builder|admin`, for admins (the caller checks the role); not one's own. */
  setRole(by: Speaker, playerId: string, args: string): Promise<{ events: StoredEvent[]; text: string }>;
  /** `character create <name>`: another character of the same player, up to the maximum. */
  createCharacter(by: Speaker, playerId: string, name: string): Promise<StoredEvent[]>;
  /** The player's characters, most recently played first. */
  listCharacters(playerId: string): Promise<Character[]>;
  /** The player's own character called `name` (any case), or not_found. */
  ownCharacter(playerId: string, name: string): Promise<Character>;
}

const article = (role: Role) => (role === "admin" ? "an" : "a");

/** Creates the account actions. */
export function createAccountActions(deps: AccountActionsDeps): AccountActions {
  const { store, hasher, clock } = deps;
  const note = <T extends EventType>(by: Speaker, type: T, payload: EventPayloads[T]) =>
    deps.append([commEvent(clock, by.newId, characterActor(by), charStream(by.id), type, payload)]);
  const passwords = (args: string, usage: string): [string, string] => {
    const split = splitAssignment(args);
    if (!split || split[0] === "" || split[1] === "") throw new HoloError("invalid_argument", usage);
    return split;
  };

  return {
    async changePassword(by, playerId, args) {
      const [old, next] = passwords(args, "Usage: password <old password> = <new password>");
      checkPassword(next);
      // Invariant: the token is taken before the slow verify, so tries sent in parallel are all counted.
      const refund = deps.passwordThrottle.begin(playerId);
      let player: Player | undefined;
      try {
        player = await store.getPlayer(playerId);
        if (player && !(await hasher.verify(old, player.passwordHash))) player = undefined;
      } catch (error) {
        refund();
        throw error;
      }
      if (!player) throw new HoloError("invalid_argument", "That is not your current password.");
      refund();
      await store.setPasswordHash(player.id, await hasher.hash(next));
      return note(by, accountEventTypes.passwordChanged, {});
    },
    async resetPassword(by, args) {
      const [name, next] = passwords(args, "Usage: newpassword <player> = <new password>");
      const player = await store.findPlayerByName(name);
      if (!player) throw new HoloError("not_found", `There is no player called "${name}".`);
      checkPassword(next);
      await store.setPasswordHash(player.id, await hasher.hash(next));
      return note(by, accountEventTypes.passwordReset, { player: player.name });
    },
    async setRole(by, playerId, args) {
      const split = splitAssignment(args);
      const role = split?.[1].toLowerCase() as Role;
      if (!split || split[0] === "" || !grantable.includes(role))
        throw new HoloError("invalid_argument", "Usage: role <player> = player|builder|admin");
      const player = await store.findPlayerByName(split[0]);
      if (!player) throw new HoloError("not_found", `There is no player called "${split[0]}".`);
      if (player.id === playerId) throw new HoloError("invalid_argument", "You cannot change your own role.");
      if (player.role === role)
        return { events: [], text: `${player.name} is already ${article(role)} ${role}.` };
      await store.setRole(player.id, role);
      const events = await note(by, accountEventTypes.roleChanged, { player: player.name, role });
      return { events, text: `${player.name} is now ${article(role)} ${role}.` };
    },
    async createCharacter(by, playerId, typed) {
      const name = checkName(typed);
      const owned = await store.listCharacters(playerId);
      if (owned.length >= deps.maxCharacters)
        throw new HoloError(
          "invalid_argument",
          `You already have ${owned.length} characters, the most allowed.`,
        );
      if (await store.findCharacterByName(name))
        throw new HoloError("already_exists", "That name is already taken.");
      if ((await store.findNameLike(name)) !== undefined) throw new HoloError("already_exists", TOO_SIMILAR);
      const character: Character = {
        id: deps.newId(),
        playerId,
        name,
        locationId: deps.startLocationId(),
        createdAt: clock.now(),
      };
      await store.createCharacter(character);
      const events = await note(by, accountEventTypes.characterCreated, { character: name });
      await deps.characterCreated(character, { id: character.id, name, newId: by.newId });
      return events;
    },
    listCharacters: (playerId) => store.listCharacters(playerId),
    async ownCharacter(playerId, name) {
      // The exact name in any case first, then one that looks like it ("AIice" finds Alice).
      const wanted = name.trim().normalize("NFC").toLowerCase();
      const mine = await store.listCharacters(playerId);
      const character =
        mine.find((c) => c.name.toLowerCase() === wanted) ??
        mine.find((c) => nameSkeleton(c.name) === nameSkeleton(name.trim()));
      if (!character) throw new HoloError("not_found", `You have no character called "${name.trim()}".`);
      return character;
    },
  };
}
