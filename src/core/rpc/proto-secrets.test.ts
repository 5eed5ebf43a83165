import { expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import {
  AuthenticateRequestSchema,
  HandleCommandRequestSchema,
  PingResponseSchema,
  SelectCharacterResponseSchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import { hasSecrets, redactedJson } from "#shared/rpc/redact.ts";

test("a password is redacted and the other fields kept", () => {
  const req = create(AuthenticateRequestSchema, {
    name: "alice",
    password: "hunter22",
    clientAddress: "127.0.0.1:5",
  });
  expect(redactedJson(AuthenticateRequestSchema, req)).toEqual({
    name: "alice",
    password: "[redacted]",
    clientAddress: "127.0.0.1:5",
  });
});

test("a resume token nested in a session is redacted", () => {
  const res = create(SelectCharacterResponseSchema, {
    session: { sessionId: "s1", resumeToken: "secret-token", character: { id: "c1", name: "Alice" } },
  });
  expect(redactedJson(SelectCharacterResponseSchema, res)).toEqual({
    session: { sessionId: "s1", resumeToken: "[redacted]", character: { id: "c1", name: "Alice" } },
  });
});

test("a command line is redacted, since it may hold a password", () => {
  const req = create(HandleCommandRequestSchema, {
    sessionId: "s",
    connectionId: "c",
    sequence: 3n,
    line: "connect a b",
  });
  expect(redactedJson(HandleCommandRequestSchema, req)).toEqual({
    sessionId: "s",
    connectionId: "c",
    sequence: "3",
    line: "[redacted]",
  });
});

test("the proto marks secrets where they are expected and nowhere else", () => {
  expect(hasSecrets(AuthenticateRequestSchema)).toBe(true);
  expect(hasSecrets(SelectCharacterResponseSchema)).toBe(true);
  expect(hasSecrets(PingResponseSchema)).toBe(false);
});
