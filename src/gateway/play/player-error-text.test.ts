import { expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { errorCodes, HoloError } from "#shared/errors/holo-error.ts";
import { playerErrorText } from "./player-error-text.ts";

test("every error code has one line of player text", () => {
  for (const code of errorCodes) {
    const text = playerErrorText(new HoloError(code, ""));
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain("\n");
  }
});

test("a failed login reads the same whatever the core's message says", () => {
  const a = playerErrorText(new ConnectError("no such player", Code.Unauthenticated));
  const b = playerErrorText(new ConnectError("bad password", Code.Unauthenticated));
  expect(a).toBe(b);
  expect(a).toBe("Either that player does not exist, or the password is wrong.");
});

test("an invalid argument shows the core's message, sanitised", () => {
  const error = new ConnectError("Names are 3-20 letters.\x1b[31m", Code.InvalidArgument);
  expect(playerErrorText(error)).toBe("Names are 3-20 letters.[31m");
});

test("an unreachable core reads as a restart", () => {
  expect(playerErrorText(new ConnectError("connect ECONNREFUSED", Code.Unavailable))).toBe(
    "The game is restarting. Please try again in a moment.",
  );
});

test("a limit shows the core's line, or a generic one when it has none", () => {
  const full = new ConnectError(
    "Every guest character is in use. Please try again later.",
    Code.ResourceExhausted,
  );
  expect(playerErrorText(full)).toBe("Every guest character is in use. Please try again later.");
  expect(playerErrorText(new HoloError("resource_exhausted", ""))).toBe(
    "Too many attempts. Please wait a moment and try again.",
  );
});

test("a refusal shows the core's line for players, sanitised", () => {
  const error = new ConnectError("Only admins may operate plugins.\x1b[0m", Code.PermissionDenied);
  expect(playerErrorText(error)).toBe("Only admins may operate plugins.[0m");
});

test("a refused name says why, as the core words it", () => {
  const similar = new ConnectError("That name is too much like an existing one.", Code.AlreadyExists);
  expect(playerErrorText(similar)).toBe("That name is too much like an existing one. Please choose another.");
});
