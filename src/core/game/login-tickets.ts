import { randomBytes } from "node:crypto";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";

/** Short-lived tickets that let SelectCharacter act for a player who just logged in. */
export interface LoginTickets {
  issue(playerId: string): string;
  /** The player a live ticket stands for; unknown or expired tickets are unauthenticated. */
  check(ticket: string): string;
  /** Spends a ticket once it has been used. */
  consume(ticket: string): void;
}

/** Creates an in-memory ticket book; at most `max` tickets live at once (oldest dropped first). */
export function createLoginTickets(clock: Clock, ttlMs = 5 * 60_000, max = 10_000): LoginTickets {
  const tickets = new Map<string, { playerId: string; expiresAt: number }>();
  return {
    issue(playerId) {
      const now = clock.now();
      for (const [key, t] of tickets) if (t.expiresAt <= now || tickets.size >= max) tickets.delete(key);
      const ticket = randomBytes(24).toString("base64url");
      tickets.set(ticket, { playerId, expiresAt: now + ttlMs });
      return ticket;
    },
    check(ticket) {
      const found = tickets.get(ticket);
      if (!found || found.expiresAt <= clock.now()) {
        throw new HoloError("unauthenticated", "That login has expired. Please log in again.");
      }
      return found.playerId;
    },
    consume(ticket) {
      tickets.delete(ticket);
    },
  };
}
