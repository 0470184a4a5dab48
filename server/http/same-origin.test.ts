import { describe, expect, it } from "vitest";
import { acceptedOrigins, crossOriginProblem } from "./same-origin";

const production = acceptedOrigins({ appUrl: "https://shop.example.com", development: false });

function request(method: string, headers: Record<string, string> = {}) {
  return { method, headers: new Headers(headers) };
}

describe("the Origin check of state-changing requests (GW-P0-03)", () => {
  it("lets a POST from APP_URL's origin through, named by Origin or, without one, by Referer", () => {
    expect(crossOriginProblem(request("POST", { origin: "https://shop.example.com" }), production)).toBeNull();
    expect(crossOriginProblem(request("POST", { referer: "https://shop.example.com/checkout?step=2" }), production)).toBeNull();
    expect(crossOriginProblem(request("DELETE", { origin: "https://shop.example.com" }), production)).toBeNull();
  });

  it("refuses POST, PUT, PATCH and DELETE from another origin, saying where it came from", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(crossOriginProblem(request(method, { origin: "https://evil.example" }), production)).toBe(
        "This request comes from https://evil.example, not from Depot (https://shop.example.com), so it was refused.",
      );
    }
  });

  it("trusts Origin over Referer: a foreign Origin is refused whatever the Referer says", () => {
    expect(
      crossOriginProblem(request("POST", { origin: "https://evil.example", referer: "https://shop.example.com/" }), production),
    ).toMatch(/comes from https:\/\/evil\.example/);
  });

  it("refuses what only looks like our origin: another scheme, port or subdomain, an opaque origin, a broken Referer", () => {
    const lookalikes: Record<string, string>[] = [
      { origin: "http://shop.example.com" },
      { origin: "https://shop.example.com:8443" },
      { origin: "https://evil.shop.example.com" },
      { origin: "https://shop.example.com.evil.example" },
      { origin: "null" },
      { referer: "https://evil.example/https://shop.example.com/" },
      { referer: "not a url" },
    ];
    for (const headers of lookalikes) {
      expect(crossOriginProblem(request("POST", headers), production)).not.toBeNull();
    }
  });

  it("refuses a state-changing request that names no Origin and no Referer (a script replaying a stolen cookie)", () => {
    expect(crossOriginProblem(request("POST", { cookie: "next-auth.session-token=stolen" }), production)).toBe(
      "This request names no Origin or Referer, so it was refused: changes are accepted only from Depot's own pages (https://shop.example.com).",
    );
  });

  it("never stands in the way of reads", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(crossOriginProblem(request(method, { origin: "https://evil.example" }), production)).toBeNull();
      expect(crossOriginProblem(request(method), production)).toBeNull();
    }
  });

  it("accepts localhost and 127.0.0.1 for each other on the same port in development only", () => {
    const dev = acceptedOrigins({ appUrl: "http://localhost:3000", development: true });
    expect([...dev]).toEqual(["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]);
    expect(crossOriginProblem(request("POST", { origin: "http://127.0.0.1:3000" }), dev)).toBeNull();
    expect(crossOriginProblem(request("POST", { origin: "http://127.0.0.1:3001" }), dev)).not.toBeNull();
    expect(crossOriginProblem(request("POST", { origin: "https://localhost:3000" }), dev)).not.toBeNull();

    const started = acceptedOrigins({ appUrl: "http://localhost:3000", development: false });
    expect([...started]).toEqual(["http://localhost:3000"]);
    expect(crossOriginProblem(request("POST", { origin: "http://127.0.0.1:3000" }), started)).not.toBeNull();
    // A public APP_URL gets no aliases, even in development.
    expect([...acceptedOrigins({ appUrl: "https://shop.example.com", development: true })]).toEqual(["https://shop.example.com"]);
  });
});
