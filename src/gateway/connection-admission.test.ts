import { describe, expect, test } from "bun:test";
import { addressKey, createConnectionAdmission, perIpRefusal, totalRefusal } from "./connection-admission.ts";

describe("connection admission", () => {
  test("the per-address cap counts one address across every listener that asks", () => {
    const admission = createConnectionAdmission({ maxPerIp: 3, maxTotal: 100 });
    const first = [
      admission.admit("10.0.0.1"),
      admission.admit("::ffff:10.0.0.1"),
      admission.admit("10.0.0.1"),
    ];
    expect(first.every((a) => a.admitted)).toBe(true);
    expect(admission.admit("::ffff:10.0.0.1")).toEqual({
      admitted: false,
      cap: "per-ip",
      message: perIpRefusal,
    });
    expect(admission.admit("10.0.0.2").admitted).toBe(true);
    const [one] = first;
    if (one?.admitted) {
      one.release();
      one.release();
    }
    expect(admission.countFor("10.0.0.1")).toBe(2);
    expect(admission.admit("10.0.0.1").admitted).toBe(true);
  });

  test("the global cap refuses any address once the gateway holds that many connections", () => {
    const admission = createConnectionAdmission({ maxPerIp: 10, maxTotal: 2 });
    const a = admission.admit("10.0.0.1");
    admission.admit("10.0.0.2");
    expect(admission.admit("10.0.0.3")).toEqual({ admitted: false, cap: "total", message: totalRefusal });
    if (a.admitted) a.release();
    expect(admission.total).toBe(1);
    expect(admission.admit("10.0.0.3").admitted).toBe(true);
  });

  test.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::FFFF:192.0.2.7", "192.0.2.7"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:0:0:0:9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["64:ff9b::192.0.2.1", "64:ff9b:0:0::/64"],
  ])("%s is counted as %s", (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
