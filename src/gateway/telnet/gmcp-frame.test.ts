import { expect, test } from "bun:test";
import { encodeGmcpFrame } from "./gmcp-frame.ts";
import { encodeGmcp } from "./option-codecs.ts";
import { Opt } from "./telnet-constants.ts";
import { encodeSubnegotiation } from "./telnet-encoder.ts";

const framed = (pkg: string, data?: unknown) => encodeSubnegotiation(Opt.GMCP, encodeGmcp(pkg, data));

test("one data object sent to many connections in a row is framed once and shared", () => {
  const line = { channel: "public", talker: "Alice", text: "hello" };
  const first = encodeGmcpFrame("Comm.Channel.Text", line);
  expect(first).toEqual(framed("Comm.Channel.Text", line));
  expect(encodeGmcpFrame("Comm.Channel.Text", line)).toBe(first);
});

test("another object, another package or no data is framed afresh", () => {
  const line = { channel: "public", talker: "Alice", text: "hello" };
  encodeGmcpFrame("Comm.Channel.Text", line);
  const same = { ...line };
  expect(encodeGmcpFrame("Comm.Channel.Text", same)).toEqual(framed("Comm.Channel.Text", same));
  expect(encodeGmcpFrame("Other.Package", same)).toEqual(framed("Other.Package", same));
  expect(encodeGmcpFrame("Core.Ping")).toEqual(framed("Core.Ping"));
  expect(encodeGmcpFrame("Core.Goodbye", "bye")).toEqual(framed("Core.Goodbye", "bye"));
});
