import { randomBytes } from "node:crypto";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { checkPassword, type Role } from "./account-rules.ts";
import type { AccountStore, Character, Player } from "./account-store.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import { checkName, TOO_SIMILAR } from "./name-rules.ts";
import type { PasswordHasher } from "./password-hasher.ts";
import type { RegistrationThrottle } from "./registration-throttle.ts";

/** The one message for every failed login, whatever the cause, so a name cannot be probed. */
export const LOGIN_FAILED = "Either that player does not exist, or has a different password.";

/** A logged-in player and their characters, most recently played first. */
export interface LoginResult {
  readonly player: Player;
  readonly characters: readonly Character[];
}

/** The outcome of the first-start admin check. */
export interface AdminSetup {
  readonly created: boolean;
  /** The generated password, to print once; undefined when configured or not created. */
  readonly generatedPassword?: string;
}

/** Registration, login and the first-start admin. */
export interface Accounts {
  /** Creates a player and a first character with the same name in the starting location. */
  register(name: string, password: string, clientAddress: string): Promise<LoginResult>;
  /** Checks a login; failures are unauthenticated with LOGIN_FAILED, throttled ones resource_exhausted. */
  authenticate(name: string, password: string, clientAddress: string): Promise<LoginResult>;
  /** Creates the `admin` player and character when there are no players yet. */
  ensureAdmin(password: string | undefined): Promise<AdminSetup>;
}

/** What the accounts service needs. */
export interface AccountsDeps {
  readonly store: AccountStore;
  readonly hasher: PasswordHasher;
  readonly throttle: LoginThrottle;
  readonly registrations: RegistrationThrottle;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
  /** Where new characters start. */
  readonly startLocationId: string;
  /** Called once a player's first character exists (e.g. to put it on the default channel). */
  readonly characterCreated?: (character: Character) => Promise<void>;
}

/** Creates the accounts service. Passwords are never logged: only names and outcomes are. */
export function createAccounts(deps: AccountsDeps): Accounts {
  const { store, hasher, throttle } = deps;

  async function create(typed: string, password: string, role: Role): Promise<LoginResult> {
    const name = checkName(typed, { reservedOk: role === "admin" });
    checkPassword(password);
    // Cheap early refusals; the store's unique indexes (name and look-alike key) settle races.
    if (await store.findPlayerByName(name))
      throw new HoloError("already_exists", "That name is already taken.");
    if ((await store.findNameLike(name)) !== undefined) throw new HoloError("already_exists", TOO_SIMILAR);
    const now = deps.clock.now();
    const player: Player = {
      id: deps.newId(),
      name,
      passwordHash: await hasher.hash(password),
      role,
      createdAt: now,
    };
    const character: Character = {
      id: deps.newId(),
      playerId: player.id,
      name,
      locationId: deps.startLocationId,
      createdAt: now,
    };
    await store.createPlayer(player, character);
    await deps.characterCreated?.(character);
    deps.log.info("player registered", { player: name, role });
    return { player, characters: [character] };
  }

  // A hash made with other parameters (stronger or weaker) is replaced now that the password is known, so a
  // change of parameters reaches every player who logs in. A failed write only logs: the login stands.
  async function rehashed(player: Player, password: string): Promise<Player> {
    if (!hasher.needsRehash(player.passwordHash)) return player;
    try {
      const passwordHash = await hasher.hash(password);
      await store.setPasswordHash(player.id, passwordHash);
      deps.log.info("password rehashed", { player: player.name });
      return { ...player, passwordHash };
    } catch (error) {
      deps.log.warn("password rehash failed", { player: player.name, error: describeError(error) });
      return player;
    }
  }

  return {
    async register(name, password, clientAddress) {
      // Malformed input costs nothing; a token is held while the name is checked and the password hashed,
      // and given back when no player was made, so only registrations (and those in flight) count.
      checkName(name);
      checkPassword(password);
      const refund = deps.registrations.begin(clientAddress);
      try {
        return await create(name, password, "player");
      } catch (error) {
        refund();
        throw error;
      }
    },
    async authenticate(name, password, clientAddress) {
      // Invariant: the token is taken before the slow verify, so parallel attempts are all counted.
      const attempt = throttle.begin(clientAddress, name);
      let player: Player | undefined;
      let ok = false;
      try {
        player = await store.findPlayerByName(name);
        if (player) ok = await hasher.verify(password, player.passwordHash);
        else await hasher.burn(password);
      } catch (error) {
        attempt.refund();
        throw error;
      }
      if (!player || !ok) {
        deps.log.info("login failed", { clientAddress });
        throw new HoloError("unauthenticated", LOGIN_FAILED);
      }
      attempt.succeeded();
      const current = await rehashed(player, password);
      return { player: current, characters: await store.listCharacters(player.id) };
    },
    async ensureAdmin(password) {
      if ((await store.countPlayers()) > 0) return { created: false };
      const chosen = password ?? randomBytes(12).toString("base64url");
      await create("admin", chosen, "admin");
      return password === undefined ? { created: true, generatedPassword: chosen } : { created: true };
    },
  };
}
