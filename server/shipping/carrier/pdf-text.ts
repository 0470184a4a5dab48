import { type PDFFont } from "pdf-lib";

/** Latin letters with no Unicode decomposition to a base letter. */
const BASE_LETTERS: Record<string, string> = { Ł: "L", ł: "l", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ı: "i", Ŧ: "T", ŧ: "t" };

function encodable(font: PDFFont, text: string): boolean {
  try {
    font.encodeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The standard PDF fonts only know WinAnsi (Latin-1 and a few more). Anything else is
 * reduced to its base letters ("Łódź" prints as "Lódz"), and what has none
 * (CJK, emoji) to "?", so a label always renders instead of throwing on a customer's name.
 */
export function printable(font: PDFFont, text: string): string {
  let out = "";
  for (const char of text.normalize("NFC").replace(/[\r\n\t]+/g, " ")) {
    if (encodable(font, char)) {
      out += char;
      continue;
    }
    const base = BASE_LETTERS[char] ?? char.normalize("NFKD").replace(/\p{M}/gu, "");
    out += base && encodable(font, base) ? base : "?";
  }
  return out;
}

/** `text` made printable and cut with an ellipsis so it fits `maxWidth` at `size`. */
export function fitted(font: PDFFont, text: string, size: number, maxWidth: number): string {
  const clean = printable(font, text).trim();
  if (font.widthOfTextAtSize(clean, size) <= maxWidth) return clean;
  let chars = [...clean];
  while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join("")}…`, size) > maxWidth) chars = chars.slice(0, -1);
  return `${chars.join("").trimEnd()}…`;
}
