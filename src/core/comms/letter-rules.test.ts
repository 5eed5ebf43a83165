import { describe, expect, test } from "bun:test";
import { checkBody, checkSubject, replySubject, splitSubject } from "./letter-rules.ts";

describe("letter rules", () => {
  test("a body of exactly 8 KiB of UTF-8 passes and one byte more is refused", () => {
    const exact = `${"é".repeat(4_095)}ab`;
    expect(Buffer.byteLength(exact)).toBe(8_192);
    expect(checkBody(exact)).toBe(exact);
    expect(() => checkBody(`${exact}c`)).toThrow(
      "That text is too long: 8193 bytes, at most 8192. Nothing was written.",
    );
  });

  test("%r in a body is a line break, and a body of only spaces is refused", () => {
    expect(checkBody(" one%rtwo%Rthree ")).toBe("one\ntwo\nthree");
    expect(() => checkBody("   ")).toThrow("The message has no text.");
  });

  test("a subject is trimmed, may not be empty, and counts characters, not bytes", () => {
    expect(checkSubject("  Tea  ")).toBe("Tea");
    expect(() => checkSubject(" ")).toThrow("A subject is needed: it may not be empty.");
    expect(checkSubject("ü".repeat(100))).toHaveLength(100);
    expect(() => checkSubject("ü".repeat(101))).toThrow("at most 100");
  });

  test("a reply subject does not stack its prefix and stays within the limit", () => {
    expect(replySubject("Tea")).toBe("Re: Tea");
    expect(replySubject("Re: Tea")).toBe("Re: Tea");
    expect(replySubject("Tea", "Fwd: ")).toBe("Fwd: Tea");
    expect([...replySubject("x".repeat(100))]).toHaveLength(100);
  });

  test("subject and body split at the first slash", () => {
    expect(splitSubject("a/b/c")).toEqual(["a", "b/c"]);
    expect(splitSubject("no slash")).toBeUndefined();
  });
});
