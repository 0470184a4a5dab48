import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { BARCODE_SCALE, renderCode128 } from "./barcode";
import { groupTrackingNumber, LABEL_HEIGHT_PT, LABEL_WIDTH_PT, renderLabelPdf, type LabelPdfInput } from "./label-pdf";
import { decodeCode128, middleRow } from "./testing-code128";

const input: LabelPdfInput = {
  trackingNumber: "DS0123456789012345",
  carrierName: "Depot Sandbox Carrier",
  service: "express",
  reference: "D-10042",
  from: { name: "Depot East", line1: "1 Dock Road", city: "Newark", region: "NJ", postalCode: "07114", country: "US" },
  to: {
    name: "Ada Lovelace",
    line1: "12 Analytical Engine Way",
    line2: "Apt 3",
    city: "Portland",
    region: "OR",
    postalCode: "97201",
    country: "us",
  },
  parcel: { weightGrams: 1250, lengthCm: 30, widthCm: 20, heightCm: 10 },
};

function imageWidths(pdf: PDFDocument): number[] {
  return pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter((object): object is PDFRawStream => object instanceof PDFRawStream)
    .filter((stream) => stream.dict.get(PDFName.of("Subtype")) === PDFName.of("Image"))
    .map((stream) => Number(stream.dict.get(PDFName.of("Width"))?.toString()));
}

describe("renderLabelPdf", () => {
  it("makes a one-page 4x6 inch PDF with the barcode image and the tracking number in its metadata", async () => {
    const bytes = await renderLabelPdf(input);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    const parsed = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(parsed.getPageCount()).toBe(1);
    expect(parsed.getPage(0).getSize()).toEqual({ width: LABEL_WIDTH_PT, height: LABEL_HEIGHT_PT });
    expect(parsed.getTitle()).toBe("Shipping label DS0123456789012345");
    expect(parsed.getSubject()).toBe("Depot Sandbox Carrier express shipment for D-10042");

    const barcode = await renderCode128(input.trackingNumber);
    expect(imageWidths(parsed)).toContain(barcode.width);
  });

  it("is byte-stable for the same input, so a replayed label is the same file", async () => {
    const [a, b] = await Promise.all([renderLabelPdf(input), renderLabelPdf(input)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("renders names outside the standard fonts' alphabet instead of throwing, and cuts long lines", async () => {
    const bytes = await renderLabelPdf({
      ...input,
      to: { ...input.to, name: "Zoë Łukasz 李小龍 🚚", line1: "A".repeat(200), line2: "Straße\nzwei" },
      createdAt: new Date("2025-01-02T03:04:05Z"),
    });
    const parsed = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(parsed.getPageCount()).toBe(1);
    expect(parsed.getCreationDate()?.toISOString()).toBe("2025-01-02T03:04:05.000Z");
  });

  it("groups the printed tracking number in fours", () => {
    expect(groupTrackingNumber("DS0123456789012345")).toBe("DS01 2345 6789 0123 45");
  });
});

describe("renderCode128", () => {
  it("draws a Code 128 barcode that decodes back to the tracking number", async () => {
    for (const text of ["DS0123456789012345", "DS9876543210987654", "1Z999AA10123456784", "PH-abc-42"]) {
      const barcode = await renderCode128(text);
      expect(Buffer.from(barcode.png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
      expect(barcode.height).toBeGreaterThan(40);
      expect(decodeCode128(middleRow(barcode.png), BARCODE_SCALE)).toBe(text);
    }
  });

  it("refuses text a scanner could not read back", async () => {
    await expect(renderCode128("")).rejects.toThrow(/printable ASCII/);
    await expect(renderCode128("DS-ü")).rejects.toThrow(/printable ASCII/);
  });
});
