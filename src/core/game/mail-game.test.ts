import { describe, expect, test } from "bun:test";
import { memoryStores } from "#core/store/memory-stores.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { manualClock } from "#shared/util/clock.ts";
import { type OutputItem, watchConnection } from "./test-support/connection-reader.ts";
import { enter, startTestGame, type TestGame, typist } from "./test-support/game-harness.ts";

/** A registered character's typist that returns the reply lines. */
async function player(t: TestGame, name: string, connectionId: string) {
  const session = await enter(t.client, name, connectionId);
  const type = typist(t.client, session.sessionId, connectionId);
  return { session, say: async (line: string) => (await type(line)).output };
}

const texts = (items: readonly OutputItem[]) =>
  items.flatMap((r) =>
    r.item.case === "event"
      ? [[r.item.value.type, eventPayload(r.item.value).text ?? eventPayload(r.item.value).subject]]
      : [],
  );

describe("mail", () => {
  test("mail to a connected and a disconnected character and an unknown name: the two get it, the sender learns who did not", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice", "a1");
    const bob = await player(t, "Bob", "b1");
    const carol = await player(t, "Carol", "c1");
    await t.client.disconnect({ sessionId: carol.session.sessionId, connectionId: "c1" });
    const bobOut = await watchConnection(t.client, bob.session.sessionId, "b1");
    await bobOut.skipReplay();
    expect(
      await alice.say("mail send bob carol zed = Hello/Meet me at the docks.%rBring a lantern."),
    ).toEqual(['You sent "Hello" to Bob, Carol.', 'There is no one called "zed": they were not sent it.']);
    const [notice] = await bobOut.take(1);
    expect(notice?.item.case === "event" && notice.item.value.type).toBe("mail.notice");
    expect(notice?.item.case === "event" && eventPayload(notice.item.value)).toEqual({
      from: "Alice",
      subject: "Hello",
      number: 1,
    });
    const inbox = await bob.say("mail");
    expect(inbox[0]).toBe("Mail (inbox): 1 message, 1 unread.");
    expect(inbox[2]).toMatch(/^ {2}\* {2}1 {2}Alice +\d{4}-\d\d-\d\d \d\d:\d\d {2}Hello$/);
    const read = await bob.say("mail 1");
    expect(read.slice(0, 3)).toEqual(["Message 1 (inbox)", "From: Alice", "To: Bob, Carol"]);
    expect(read.slice(5)).toEqual([
      "-".repeat(60),
      "Meet me at the docks.",
      "Bring a lantern.",
      "-".repeat(60),
    ]);
    expect((await bob.say("mail"))[0]).toBe("Mail (inbox): 1 message, 0 unread.");
    await bobOut.close();

    const login = await t.client.authenticate({ name: "Carol", password: "password1", clientAddress: "h:2" });
    const { session } = await t.client.selectCharacter({
      loginTicket: login.loginTicket,
      connectionId: "c2",
    });
    const carolOut = await watchConnection(t.client, session?.sessionId ?? "", "c2");
    const replay = texts(await carolOut.skipReplay());
    expect(replay.filter(([type]) => type === "mail.notice")).toEqual([["mail.notice", "Hello"]]);
    expect(replay.at(-1)).toEqual(["system", "You have 1 unread message. Type 'mail' to read them."]);
    await carolOut.close();
  });

  test("a character in the same room as sender and recipient is sent nothing of their mail", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice", "a1");
    await player(t, "Bob", "b1");
    const dave = await player(t, "Dave", "d1");
    const daveOut = await watchConnection(t.client, dave.session.sessionId, "d1");
    await daveOut.skipReplay();
    await alice.say("mail send bob = Secret/For Bob alone.");
    await alice.say("mail/draft bob = Draft");
    await alice.say("-also secret");
    await alice.say("mail/send");
    await alice.say("say done");
    const seen: string[] = [];
    for (;;) {
      const [item] = await daveOut.take(1);
      if (!item) throw new Error("the stream ended first");
      if (item.item.case !== "event") continue;
      seen.push(item.item.value.type);
      if (item.item.value.type === "say") break;
    }
    expect(seen).toEqual(["say"]);
    await daveOut.close();
  });

  test("the composer writes a message line by line; proof shows it and send delivers it once", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice", "a1");
    const bob = await player(t, "Bob", "b1");
    expect(await alice.say("-a line with no draft")).toEqual([
      "You are not writing a message. Start one with: mail/draft <names> = <subject>",
    ]);
    expect(await alice.say("mail/send")).toEqual([
      "You are not writing a message. Start one with: mail/draft <names> = <subject>",
    ]);
    expect(await alice.say("mail/draft Bob nobody = Plans")).toEqual([
      'You start a message to Bob: "Plans".',
      'There is no one called "nobody": they are left out.',
      "Add lines with -<text>; mail/proof shows it, mail/send sends it, mail/abort drops it.",
    ]);
    expect(await alice.say("mail/draft Bob = Other")).toEqual([
      'You are already writing "Plans": mail/send or mail/abort it first.',
    ]);
    expect(await alice.say("mail/send")).toEqual(["Your message has no text yet: add lines with -<text>."]);
    expect(await alice.say("-First, the map.")).toEqual(["Line 1 added."]);
    expect(await alice.say("-Then the key.")).toEqual(["Line 2 added."]);
    expect(await alice.say("mail/proof")).toEqual([
      "To: Bob",
      "Subject: Plans",
      "-".repeat(60),
      "First, the map.",
      "Then the key.",
      "-".repeat(60),
    ]);
    expect(await alice.say("mail/send")).toEqual(['You sent "Plans" to Bob.']);
    expect(await alice.say("mail/proof")).toEqual(["You are not writing a message."]);
    expect((await bob.say("mail 1")).slice(-3, -1)).toEqual(["First, the map.", "Then the key."]);
    expect(await alice.say("mail/draft bob = Never mind")).toHaveLength(2);
    expect(await alice.say("mail/abort")).toEqual(['You drop your message "Never mind".']);
    expect(await alice.say("mail/abort")).toEqual([
      "You are not writing a message. Start one with: mail/draft <names> = <subject>",
    ]);
    expect((await bob.say("mail"))[0]).toBe("Mail (inbox): 1 message, 0 unread.");
  });

  test("reply, forward, delete, and folders", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice", "a1");
    const bob = await player(t, "Bob", "b1");
    const carol = await player(t, "Carol", "c1");
    await alice.say("mail send bob = Tea?/Tea at four?");
    expect(await bob.say("mail reply 1 = Yes, gladly.")).toEqual(['You sent "Re: Tea?" to Alice.']);
    expect((await alice.say("mail 1")).slice(3, 7)).toEqual([
      expect.stringMatching(/^Sent: /),
      "Subject: Re: Tea?",
      "-".repeat(60),
      "Yes, gladly.",
    ]);
    expect(await alice.say("mail reply 1 = Lovely.")).toEqual(['You sent "Re: Tea?" to Bob.']);
    expect(await bob.say("mail forward 1 = carol")).toEqual(['You sent "Fwd: Tea?" to Carol.']);
    expect((await carol.say("mail 1")).slice(-3, -1)).toEqual([
      "---- Forwarded message from Alice ----",
      "Tea at four?",
    ]);
    expect(await bob.say("mail/file 2 = Social")).toEqual(["Message 2 is now in social."]);
    expect(await bob.say("mail/folder")).toEqual([
      "Your folders:",
      `  ${"inbox".padEnd(20)} 1 message, 1 unread`,
      `  ${"social".padEnd(20)} 1 message, 1 unread`,
    ]);
    expect((await bob.say("mail/folder social"))[0]).toBe("Mail (social): 1 message, 1 unread.");
    expect((await bob.say("mail"))[0]).toBe("Mail (inbox): 1 message, 1 unread.");
    expect(await bob.say("mail/file 2 = no way!")).toEqual([
      "A folder name is 1 to 20 characters: a letter, then letters, digits, '_' or '-'.",
    ]);
    expect(await bob.say("mail delete 1")).toEqual(['You delete message 1: "Tea?".']);
    expect((await bob.say("mail"))[0]).toBe("You have no mail in inbox.");
    expect((await bob.say("mail 1")).slice(0, 1)).toEqual(["Message 1 (social)"]);
    expect(await bob.say("mail delete 7")).toEqual(["You have no message 7."]);
  });

  test.each([
    ["mail send bob = /a body", "A subject is needed: it may not be empty."],
    [`mail send bob = ${"s".repeat(101)}/body`, "That subject is too long: 101 characters, at most 100."],
    ["mail send bob = Subject/", "The message has no text."],
    ["mail send bob = no slash here", "Usage: mail send <names> = <subject>/<body>"],
    ["mail send = Subject/body", "Usage: mail send <names> = <subject>/<body>"],
    ["mail send zed = Subject/body", 'There is no one called "zed". Nothing was sent.'],
    ["mail reply 3 = hi", "You have no message 3."],
    ["mail 0", '"0" is not a message number.'],
    ["mail delete two", '"two" is not a message number.'],
    ["mail forward 1", "Usage: mail forward <n> = <names>"],
    ["mail/draft bob", "Usage: mail/draft <names> = <subject>"],
    ["mail/draft zed = Hi", 'There is no one called "zed". No message was started.'],
    ["mail/file 1 = old", "You have no message 1."],
    ["mail/file x = old", '"x" is not a message number.'],
    [
      `mail send ${Array.from({ length: 21 }, (_, i) => `n${i}`).join(" ")} = a/b`,
      "A message may go to at most 20 characters. Nothing was sent.",
    ],
  ])("%s is refused: %s", async (line, answer) => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice", "a1");
    await player(t, "Bob", "b1");
    expect(await alice.say(line)).toEqual([answer]);
    expect(t.game.mailBoards.snapshot().mail).toEqual({ mailboxes: {}, drafts: {} });
  });

  test("a composed body over 8 KiB is refused line by line, and the draft keeps what it had", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice", "a1");
    await player(t, "Bob", "b1");
    await alice.say("mail/draft bob = Long");
    const line = `-${"x".repeat(4000)}`;
    expect(await alice.say(line)).toEqual(["Line 1 added."]);
    expect(await alice.say(line)).toEqual(["Line 2 added."]);
    expect(await alice.say(line)).toEqual([
      "That text is too long: 12002 bytes, at most 8192. Nothing was written.",
    ]);
    expect(t.game.mailBoards.mail.draft(alice.session.character?.id ?? "")?.lines).toHaveLength(2);
  });

  test("a full mailbox refuses more mail for its owner alone, and says so", async () => {
    await using t = await startTestGame(memoryStores(), { mailQuota: 2 });
    const alice = await player(t, "Alice", "a1");
    await player(t, "Bob", "b1");
    await player(t, "Carol", "c1");
    await alice.say("mail send bob = One/1");
    await alice.say("mail send bob = Two/2");
    expect(await alice.say("mail send bob = Three/3")).toEqual([
      "The mailbox of Bob is full. Nothing was sent.",
    ]);
    expect(await alice.say("mail send bob, carol = Four/4")).toEqual([
      'You sent "Four" to Carol.',
      "The mailbox of Bob is full: they were not sent it.",
    ]);
  });

  test("a sender over the mail rate is refused until the bucket refills", async () => {
    const clock = manualClock();
    await using t = await startTestGame(memoryStores(), { mailRate: { burst: 2, refillMs: 10_000 } }, clock);
    const alice = await player(t, "Alice", "a1");
    await player(t, "Bob", "b1");
    await alice.say("mail send bob = One/1");
    await alice.say("mail send bob = Two/2");
    expect(await alice.say("mail send bob = Three/3")).toEqual([
      "You are sending mail too quickly. Nothing was sent. Try again in 10 seconds.",
    ]);
    clock.advance(10_000);
    expect(await alice.say("mail send bob = Three/3")).toEqual(['You sent "Three" to Bob.']);
  });

  test("mail with an unknown word or switch answers with the usage and writes nothing", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice", "a1");
    const usage = await alice.say("mail frobnicate");
    expect(usage[0]).toBe("mail - your inbox; mail <n> - read message n.");
    expect(await alice.say("mail/bogus")).toEqual(usage);
    expect(await alice.say("mail/draft/send bob = x")).toEqual(usage);
    expect(t.game.mailBoards.snapshot().mail).toEqual({ mailboxes: {}, drafts: {} });
  });

  test("guests have no mailbox", async () => {
    await using t = await startTestGame(undefined, { guests: true });
    const login = await t.client.authenticate({ name: "guest", password: "", clientAddress: "h:1" });
    const { session } = await t.client.selectCharacter({
      loginTicket: login.loginTicket,
      connectionId: "g1",
    });
    const type = typist(t.client, session?.sessionId ?? "", "g1");
    const refusal = "Guests have no mailbox. Register to keep a character and use mail.";
    expect((await type("mail")).output).toEqual([refusal]);
    expect((await type("-hello")).output).toEqual([refusal]);
  });

  test("mailboxes and a half-written draft survive a restart, rebuilt from the events alone", async () => {
    const stores = memoryStores();
    const clock = manualClock();
    {
      await using t = await startTestGame(stores, {}, clock);
      const alice = await player(t, "Alice", "a1");
      await player(t, "Bob", "b1");
      await alice.say("mail send bob = Kept/Across a restart.");
      await alice.say("mail/draft bob = Half");
      await alice.say("-written");
    }
    await using again = await startTestGame(stores, {}, clock);
    const login = await again.client.authenticate({
      name: "Alice",
      password: "password1",
      clientAddress: "h",
    });
    const { session } = await again.client.selectCharacter({
      loginTicket: login.loginTicket,
      connectionId: "a2",
    });
    const asAlice = typist(again.client, session?.sessionId ?? "", "a2");
    expect((await asAlice("mail/proof")).output.slice(3, 4)).toEqual(["written"]);
    expect((await asAlice("mail/send")).output).toEqual(['You sent "Half" to Bob.']);
    const bobLogin = await again.client.authenticate({
      name: "Bob",
      password: "password1",
      clientAddress: "h",
    });
    const bob = await again.client.selectCharacter({ loginTicket: bobLogin.loginTicket, connectionId: "b2" });
    const asBob = typist(again.client, bob.session?.sessionId ?? "", "b2");
    expect((await asBob("mail"))?.output[0]).toBe("Mail (inbox): 2 messages, 2 unread.");
  });
});
