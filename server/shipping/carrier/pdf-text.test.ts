import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { fitted, printable } from "./pdf-text";

async function helvetica() {
  const pdf = await PDFDocument.create();
  return pdf.embedFont(StandardFonts.Helvetica);
}

describe("label text", () => {
  it("keeps Latin-1, reduces other Latin letters to their base and the rest to ?", async () => {
    const font = await helvetica();
    expect(printable(font, "Zoë Straße Øre")).toBe("Zoë Straße Øre");
    expect(printable(font, "Łódź Dvořák")).toBe("Lódz Dvorák");
    expect(printable(font, "李 🚚\nnext")).toBe("? ? next");
  });

  it("cuts text to the width with an ellipsis", async () => {
    const font = await helvetica();
    expect(fitted(font, "  short  ", 10, 200)).toBe("short");
    const cut = fitted(font, "A very long street name that does not fit", 10, 80);
    expect(cut.endsWith("…")).toBe(true);
    expect(font.widthOfTextAtSize(cut, 10)).toBeLessThanOrEqual(80);
  });
});
