import { expect, test } from "bun:test";
import type { PeerCertificate } from "node:tls";
import { anotherGameMessage, coreIdentityCheck } from "./core-transport.ts";

const gameId = "01JTRANSPORT00000000000000";

function peer(subjectaltname: string): PeerCertificate {
  return { subjectaltname, subject: { CN: "holomush-core" } } as unknown as PeerCertificate;
}

test("a core certificate naming this game passes the identity check", () => {
  const check = coreIdentityCheck("127.0.0.1:9000", gameId, () => {});
  const san = `DNS:localhost, IP Address:127.0.0.1, DNS:holomush-${gameId.toLowerCase()}`;
  expect(check("127.0.0.1", peer(san))).toBeUndefined();
});

test("a core certificate for another game fails with a sentence naming the expected name", () => {
  const seen: string[] = [];
  const check = coreIdentityCheck("127.0.0.1:9000", gameId, (m) => seen.push(m));
  const error = check("127.0.0.1", peer("DNS:localhost, IP Address:127.0.0.1, DNS:holomush-01jother"));
  expect(error?.message).toBe(anotherGameMessage("127.0.0.1:9000", gameId));
  expect(seen).toEqual([
    `core at 127.0.0.1:9000 has a certificate for another game (expected holomush-${gameId.toLowerCase()})`,
  ]);
});

test("the default host check runs after the game check", () => {
  const check = coreIdentityCheck("10.0.0.9:9000", gameId, () => {});
  const san = `DNS:localhost, IP Address:127.0.0.1, DNS:holomush-${gameId.toLowerCase()}`;
  expect(check("10.0.0.9", peer(san))?.message).toContain("10.0.0.9");
});
