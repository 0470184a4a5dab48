import { createHash } from "node:crypto";
import sharp from "sharp";

/**
 * The demo products' pictures (issue 14): an illustrated card per product, drawn as SVG from its
 * name and category (a colour and a simple shape per category) and rendered to WebP with sharp,
 * at seed time, so nothing is downloaded or drawn while pages are served.
 */

const PRODUCT_IMAGE_WIDTH = 800;
const PRODUCT_IMAGE_HEIGHT = 600;

type RenderedImage = { contentType: string; width: number; height: number; bytes: Buffer; etag: string };

type Palette = { background: string; accent: string; ink: string };

const palettes: Record<string, Palette> = {
  apparel: { background: "#fde7ef", accent: "#db2777", ink: "#831843" },
  footwear: { background: "#fef3c7", accent: "#d97706", ink: "#78350f" },
  kitchen: { background: "#fee2e2", accent: "#dc2626", ink: "#7f1d1d" },
  electronics: { background: "#e0e7ff", accent: "#4f46e5", ink: "#312e81" },
  outdoor: { background: "#dcfce7", accent: "#16a34a", ink: "#14532d" },
  home: { background: "#e0f2fe", accent: "#0284c7", ink: "#0c4a6e" },
  beauty: { background: "#f3e8ff", accent: "#9333ea", ink: "#581c87" },
  toys: { background: "#ffedd5", accent: "#ea580c", ink: "#7c2d12" },
};
const otherPalette: Palette = { background: "#f1f5f9", accent: "#475569", ink: "#0f172a" };

/** One shape per category, drawn in a 200×200 box. */
const shapes: Record<string, string> = {
  apparel: `<path d="M60 20 L100 40 L140 20 L190 55 L165 95 L145 82 L145 185 L55 185 L55 82 L35 95 L10 55 Z"/>`,
  footwear: `<path d="M20 60 L70 60 L85 100 L150 115 Q190 125 190 160 L190 175 L20 175 Z"/>`,
  kitchen: `<rect x="30" y="80" width="140" height="90" rx="18"/><rect x="0" y="95" width="35" height="14" rx="7"/><rect x="165" y="95" width="35" height="14" rx="7"/><rect x="20" y="62" width="160" height="18" rx="9"/>`,
  electronics: `<rect x="15" y="30" width="170" height="115" rx="12"/><rect x="85" y="145" width="30" height="25"/><rect x="55" y="170" width="90" height="12" rx="6"/>`,
  outdoor: `<circle cx="150" cy="50" r="24"/><path d="M0 185 L70 70 L115 140 L140 105 L200 185 Z"/>`,
  home: `<path d="M100 20 L190 95 L165 95 L165 185 L35 185 L35 95 L10 95 Z"/>`,
  beauty: `<rect x="80" y="15" width="40" height="35" rx="6"/><rect x="55" y="50" width="90" height="135" rx="22"/>`,
  toys: `<rect x="20" y="110" width="75" height="75" rx="8"/><rect x="105" y="110" width="75" height="75" rx="8"/><rect x="62" y="30" width="75" height="75" rx="8"/>`,
};
const otherShape = `<circle cx="100" cy="100" r="80"/>`;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The name broken into at most three lines of about `width` characters, the last one cut with an ellipsis. */
export function nameLines(name: string, width = 24, maxLines = 3): string[] {
  const lines: string[] = [];
  for (const word of name.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
  return kept;
}

export function productCardSvg(product: { name: string; category: string }): string {
  const palette = palettes[product.category] ?? otherPalette;
  const shape = shapes[product.category] ?? otherShape;
  const lines = nameLines(product.name);
  const firstLineY = PRODUCT_IMAGE_HEIGHT - 40 - (lines.length - 1) * 44;
  const text = lines
    .map((line, i) => `<text x="400" y="${firstLineY + i * 44}" text-anchor="middle">${escapeXml(line)}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PRODUCT_IMAGE_WIDTH}" height="${PRODUCT_IMAGE_HEIGHT}" viewBox="0 0 ${PRODUCT_IMAGE_WIDTH} ${PRODUCT_IMAGE_HEIGHT}">
<rect width="100%" height="100%" fill="${palette.background}"/>
<circle cx="400" cy="220" r="170" fill="#ffffff" fill-opacity="0.6"/>
<g transform="translate(280 100) scale(1.2)" fill="${palette.accent}">${shape}</g>
<g font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="34" font-weight="600" fill="${palette.ink}">${text}</g>
</svg>`;
}

/** The product's card as a WebP image, with its size and a content hash for caching. */
export async function renderProductCard(product: { name: string; category: string }): Promise<RenderedImage> {
  const { data, info } = await sharp(Buffer.from(productCardSvg(product)))
    .webp({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  return {
    contentType: "image/webp",
    width: info.width,
    height: info.height,
    bytes: data,
    etag: createHash("sha256").update(data).digest("base64url").slice(0, 22),
  };
}
