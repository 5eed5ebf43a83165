import { expect, test } from "bun:test";
import { createOptionNegotiator, type OptionNegotiator } from "./option-negotiator.ts";
import { Cmd } from "./telnet-constants.ts";

function setup(accept = true): { n: OptionNegotiator; sent: string[]; changes: string[] } {
  const sent: string[] = [];
  const changes: string[] = [];
  const names: Record<number, string> = { 251: "WILL", 252: "WONT", 253: "DO", 254: "DONT" };
  const n = createOptionNegotiator({
    accepts: () => accept,
    send: (verb, option) => sent.push(`${names[verb]} ${option}`),
    changed: (side, option, on) => changes.push(`${side} ${option} ${on ? "on" : "off"}`),
  });
  return { n, sent, changes };
}

test("a request that is accepted moves WANTYES to YES without a second message", () => {
  const { n, sent, changes } = setup();
  n.request("local", 3, true);
  n.receive(Cmd.DO, 3);
  expect({ sent, changes, state: n.state("local", 3) }).toEqual({
    sent: ["WILL 3"],
    changes: ["local 3 on"],
    state: "yes",
  });
});

test("asking to disable while an enable is pending queues the opposite and sends it when answered", () => {
  const { n, sent } = setup();
  n.request("local", 1, true);
  n.request("local", 1, false);
  n.receive(Cmd.DO, 1);
  expect(sent).toEqual(["WILL 1", "WONT 1"]);
  expect(n.state("local", 1)).toBe("wantno");
  n.receive(Cmd.DONT, 1);
  expect(n.state("local", 1)).toBe("no");
});

test("a refusal in WANTNO with the opposite queued asks again to enable", () => {
  const { n, sent } = setup();
  n.request("remote", 31, true);
  n.receive(Cmd.WILL, 31);
  n.request("remote", 31, false);
  n.request("remote", 31, true);
  n.receive(Cmd.WONT, 31);
  expect(sent).toEqual(["DO 31", "DONT 31", "DO 31"]);
  expect(n.state("remote", 31)).toBe("wantyes");
});

test("a refusal of our request is not answered", () => {
  const { n, sent } = setup();
  n.request("remote", 24, true);
  n.receive(Cmd.WONT, 24);
  expect(sent).toEqual(["DO 24"]);
  expect(n.state("remote", 24)).toBe("no");
});

test("an unsupported option is refused once and repeats are ignored", () => {
  const { n, sent } = setup(false);
  n.receive(Cmd.WILL, 99);
  n.receive(Cmd.WILL, 99);
  n.receive(Cmd.DO, 99);
  n.receive(Cmd.DO, 99);
  expect(sent).toEqual(["DONT 99", "WONT 99"]);
});

test("the client turning an enabled option off is acknowledged once", () => {
  const { n, sent } = setup();
  n.receive(Cmd.WILL, 31);
  n.receive(Cmd.WONT, 31);
  n.receive(Cmd.WONT, 31);
  expect(sent).toEqual(["DO 31", "DONT 31"]);
});
