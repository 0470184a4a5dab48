import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { renderCode128 } from "./barcode";
import { fitted } from "./pdf-text";
import { type CarrierAddress, type CarrierService, type Parcel } from "./types";

/** 4 x 6 inches in PDF points (72 per inch). */
export const LABEL_WIDTH_PT = 288;
export const LABEL_HEIGHT_PT = 432;

export type LabelPdfInput = {
  trackingNumber: string;
  /** Printed in the footer, e.g. "Depot Sandbox Carrier". */
  carrierName: string;
  service: CarrierService;
  /** The order number. */
  reference: string;
  from: CarrierAddress;
  to: CarrierAddress;
  parcel: Parcel;
  /** Recorded as the document's creation date; left out, the PDF has none (byte-stable output). */
  createdAt?: Date;
};

const MARGIN = 12;
const CONTENT_WIDTH = LABEL_WIDTH_PT - 2 * MARGIN;
const black = rgb(0, 0, 0);
const white = rgb(1, 1, 1);

type Fonts = { regular: PDFFont; bold: PDFFont };
type Line = { text: string; size: number; bold?: boolean };

function addressLines(address: CarrierAddress, size: number, nameSize: number): Line[] {
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [
    { text: address.name, size: nameSize, bold: true },
    { text: address.line1, size },
    ...(address.line2 ? [{ text: address.line2, size }] : []),
    { text: cityLine, size },
    { text: address.country.toUpperCase(), size },
  ];
}

/** Draws lines downwards from `top`; returns the y below the last one. */
function drawLines(page: PDFPage, fonts: Fonts, lines: Line[], x: number, top: number, maxWidth: number): number {
  let y = top;
  for (const line of lines) {
    const font = line.bold ? fonts.bold : fonts.regular;
    y -= line.size * 1.2;
    page.drawText(fitted(font, line.text, line.size, maxWidth), { x, y, size: line.size, font, color: black });
  }
  return y;
}

function rule(page: PDFPage, y: number, thickness = 1.5): void {
  page.drawLine({ start: { x: MARGIN, y }, end: { x: LABEL_WIDTH_PT - MARGIN, y }, thickness, color: black });
}

function centered(page: PDFPage, font: PDFFont, text: string, size: number, y: number): void {
  const clean = fitted(font, text, size, CONTENT_WIDTH);
  page.drawText(clean, { x: (LABEL_WIDTH_PT - font.widthOfTextAtSize(clean, size)) / 2, y, size, font, color: black });
}

function serviceBadge(page: PDFPage, fonts: Fonts, service: CarrierService): void {
  const width = 96;
  const height = 40;
  const x = LABEL_WIDTH_PT - MARGIN - width;
  const y = LABEL_HEIGHT_PT - MARGIN - height;
  page.drawRectangle({ x, y, width, height, color: black });
  const text = service.toUpperCase();
  const size = 15;
  page.drawText(text, { x: x + (width - fonts.bold.widthOfTextAtSize(text, size)) / 2, y: y + 14, size, font: fonts.bold, color: white });
}

function formatWeight(grams: number): string {
  return `${(grams / 1000).toFixed(2)} kg`;
}

/** "DS12345678…" in groups of four, as carriers print them under the barcode. */
export function groupTrackingNumber(trackingNumber: string): string {
  return trackingNumber.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * A 4x6 inch thermal-printer label: sender, service, recipient, a Code 128 barcode of the
 * tracking number (bwip-js PNG, embedded) and the reference, weight and size of the parcel.
 */
export async function renderLabelPdf(input: LabelPdfInput): Promise<Uint8Array> {
  const barcode = await renderCode128(input.trackingNumber);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(`Shipping label ${input.trackingNumber}`);
  pdf.setSubject(`${input.carrierName} ${input.service} shipment for ${input.reference}`);
  pdf.setCreator("Depot");
  pdf.setProducer("Depot (pdf-lib)");
  if (input.createdAt) pdf.setCreationDate(input.createdAt);

  const page = pdf.addPage([LABEL_WIDTH_PT, LABEL_HEIGHT_PT]);
  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const top = LABEL_HEIGHT_PT - MARGIN;

  // Sender, top left, beside the service badge.
  drawLines(page, fonts, [{ text: "FROM", size: 6, bold: true }, ...addressLines(input.from, 8, 8)], MARGIN, top, CONTENT_WIDTH - 104);
  serviceBadge(page, fonts, input.service);
  rule(page, 352);

  // Recipient, the largest text on the label.
  drawLines(page, fonts, [{ text: "SHIP TO", size: 7, bold: true }, ...addressLines(input.to, 12, 15)], MARGIN + 6, 346, CONTENT_WIDTH - 6);
  rule(page, 246, 3);

  // Barcode at 0.5 pt per pixel (shrunk only if a long tracking number would not fit).
  const image = await pdf.embedPng(barcode.png);
  const width = Math.min(CONTENT_WIDTH, barcode.width * 0.5);
  page.drawImage(image, { x: (LABEL_WIDTH_PT - width) / 2, y: 156, width, height: 78 });
  centered(page, fonts.regular, "TRACKING #", 7, 144);
  centered(page, fonts.bold, groupTrackingNumber(input.trackingNumber), 13, 128);
  rule(page, 116, 3);

  const { parcel } = input;
  drawLines(
    page,
    fonts,
    [
      { text: `REF  ${input.reference}`, size: 11, bold: true },
      { text: `WEIGHT  ${formatWeight(parcel.weightGrams)}`, size: 10 },
      { text: `SIZE  ${parcel.lengthCm} x ${parcel.widthCm} x ${parcel.heightCm} cm`, size: 10 },
      { text: `SERVICE  ${input.service.toUpperCase()}`, size: 10 },
    ],
    MARGIN,
    112,
    CONTENT_WIDTH,
  );
  centered(page, fonts.regular, input.carrierName, 7, MARGIN);
  return pdf.save();
}
