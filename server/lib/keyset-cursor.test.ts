import { describe, expect, it } from "vitest";
import { isBigintText } from "./db-values";
import { decodeCursor, encodeCursor, isUuid } from "./keyset-cursor";

const link = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const refused = (value: string, isId: (id: string) => boolean) => {
  try {
    decodeCursor(value, isId);
    return false;
  } catch {
    return true;
  }
};

describe("decodeCursor (SE-P2-02)", () => {
  it("reads back what encodeCursor wrote", () => {
    const cursor = { createdAt: "2025-01-31T09:30:00.123456Z", id: "9223372036854775807" };
    expect(decodeCursor(encodeCursor(cursor), isBigintText)).toEqual(cursor);
  });

  it("refuses a tampered link whose parts the database would not take", () => {
    const uuid = "00000000-0000-4000-8000-000000000000";
    expect(refused(link(`2024-13-45T10:00:00.000000Z|${uuid}`), isUuid)).toBe(true);
    expect(refused(link(`2024-02-30T10:00:00.000000Z|${uuid}`), isUuid)).toBe(true);
    expect(refused(link(`0000-01-01T10:00:00.000000Z|${uuid}`), isUuid)).toBe(true);
    expect(refused(link("2024-01-01T10:00:00.000000Z|9999999999999999999"), isBigintText)).toBe(true);
    expect(refused(link(`2024-01-01T10:00:00.000000Z|${uuid}`), isUuid)).toBe(false);
  });
});
