import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, isLoopback, normalizeAddress } from "./client-address";

describe("client address (GW-P0-02: limits per address cannot be dodged with a header)", () => {
  it("uses the address our server took from the socket, never a client's X-Forwarded-For, when no proxy is trusted", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "::ffff:203.0.113.7", "x-forwarded-for": "127.0.0.1" });
    expect(clientAddress(headers, 0)).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }), 0)).toBeNull();
  });

  it("takes the entry our outermost trusted proxy wrote, ignoring what the client put left of it", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" };
    expect(clientAddress(headers, 1)).toBe("10.0.0.2");
    expect(clientAddress(headers, 2)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, 2)).toBeNull();
    expect(clientAddress({}, 1)).toBeNull();
  });

  it("normalizes mapped IPv4, ports and brackets, and refuses what is not an address", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("203.0.113.7:4711")).toBe("203.0.113.7");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("not-an-ip")).toBeNull();
    expect(normalizeAddress("")).toBeNull();
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.8.9.10", "::1"].map(isLoopback)).toEqual([true, true, true]);
    expect(["10.0.0.1", "::2", null].map(isLoopback)).toEqual([false, false, false]);
  });
});
