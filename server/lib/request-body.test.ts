import { describe, expect, it } from "vitest";
import { readBodyCapped, readTextCapped, RequestBodyTooLargeError } from "./request-body";
import { probedRequest } from "./testing-body";

const MiB = 1024 * 1024;
const url = "http://127.0.0.1/upload";

describe("request bodies under a cap (GW-P1-03)", () => {
  it("reads a body up to the limit whole, as UTF-8 text like request.text()", async () => {
    const text = `{"name":"Zoë ✓"}`;
    const bytes = new TextEncoder().encode(text).byteLength;
    expect(await readTextCapped(new Request(url, { method: "POST", body: text }), bytes)).toBe(text);
    const { request, probe } = probedRequest(url, { totalBytes: 300_000, chunkBytes: 7_000 });
    expect((await readBodyCapped(request, 300_000)).byteLength).toBe(300_000);
    expect(probe.drained).toBe(true);
    expect((await readBodyCapped(new Request(url), 10)).byteLength).toBe(0);
  });

  it("refuses a declared Content-Length over the limit before reading a byte", async () => {
    const { request, probe } = probedRequest(url, { totalBytes: 5 * MiB, declareLength: true });
    await expect(readBodyCapped(request, 256 * 1024)).rejects.toBeInstanceOf(RequestBodyTooLargeError);
    expect(probe).toEqual({ pulled: 0, drained: false, cancelled: true });
  });

  it("stops a chunked body without Content-Length at the limit and cancels the stream", async () => {
    const { request, probe } = probedRequest(url, { totalBytes: 5 * MiB, chunkBytes: 64 * 1024 });
    await expect(readBodyCapped(request, 256 * 1024)).rejects.toBeInstanceOf(RequestBodyTooLargeError);
    expect(probe.drained).toBe(false);
    expect(probe.cancelled).toBe(true);
    expect(probe.pulled).toBeLessThanOrEqual(256 * 1024 + 64 * 1024);
  });

  it("counts the stream even when Content-Length understates it", async () => {
    const { request, probe } = probedRequest(url, { totalBytes: 5 * MiB, headers: { "content-length": "100" } });
    await expect(readBodyCapped(request, 256 * 1024)).rejects.toBeInstanceOf(RequestBodyTooLargeError);
    expect(probe.drained).toBe(false);
  });

  it("refuses one byte over the limit", async () => {
    await expect(readBodyCapped(new Request(url, { method: "POST", body: "x".repeat(1025) }), 1024)).rejects.toMatchObject({ limitBytes: 1024 });
    expect((await readBodyCapped(new Request(url, { method: "POST", body: "x".repeat(1024) }), 1024)).byteLength).toBe(1024);
  });
});
