import { describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { errorCodes, HoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  connectCodeFor,
  fromConnectError,
  hiddenInternalMessage,
  holoCodeFor,
  toConnectError,
} from "./error-codes.ts";

describe("error codes", () => {
  test.each(errorCodes.map((c) => [c]))("%s survives the round trip through a Connect code", (code) => {
    expect(holoCodeFor(connectCodeFor(code))).toBe(code);
  });

  test("a HoloError keeps its code and message on the wire", () => {
    const { logger, lines } = collectingLogger();
    const sent = toConnectError(new HoloError("not_found", 'There is no exit called "north".'), logger);
    expect([sent.code, sent.rawMessage]).toEqual([Code.NotFound, 'There is no exit called "north".']);
    expect(lines()).toEqual([]);
  });

  test("an unexpected error becomes Internal with its message hidden and its cause logged", () => {
    const { logger, lines } = collectingLogger();
    const sent = toConnectError(new TypeError("cannot read x of undefined at db.ts:12"), logger, "Ping");
    expect([sent.code, sent.rawMessage]).toEqual([Code.Internal, hiddenInternalMessage]);
    expect(lines()).toMatchObject([
      {
        level: "error",
        msg: "Ping failed with an unexpected error",
        error: "cannot read x of undefined at db.ts:12",
      },
    ]);
  });

  test("a ConnectError passes through unchanged", () => {
    const original = new ConnectError("not yet", Code.Unimplemented);
    expect(toConnectError(original, collectingLogger().logger)).toBe(original);
  });

  test("the gateway reads a ConnectError back as a HoloError with the raw message", () => {
    const error = fromConnectError(new ConnectError("name taken", Code.AlreadyExists));
    expect(error).toBeInstanceOf(HoloError);
    expect([error.code, error.message]).toEqual(["already_exists", "name taken"]);
  });

  test("a non-Connect failure on the gateway side reads as internal", () => {
    expect(fromConnectError(new Error("boom")).code).toBe("internal");
  });
});
