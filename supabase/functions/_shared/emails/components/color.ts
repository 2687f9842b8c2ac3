/**
 * WCAG 2.x contrast helpers. The brand colour is whatever the customer chose, so text
 * colours are derived from it instead of trusting it: a pale yellow brand must not give
 * white button text or unreadable links.
 */

const WHITE = '#FFFFFF';
const BLACK = '#000000';
/** WCAG AA for normal-size text. */
export const MIN_CONTRAST = 4.5;

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex(rgb: number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text colour for a brand-coloured background: black or white, whichever reads better (always ≥ 4.5:1). */
export function textOn(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, BLACK) ? WHITE : BLACK;
}

/** The brand colour for links and accents on white, darkened just enough to reach 4.5:1. */
export function accentOnWhite(brand: string): string {
  let rgb = channels(brand);
  let colour = toHex(rgb);
  for (let step = 0; step < 20 && contrastRatio(colour, WHITE) < MIN_CONTRAST; step++) {
    rgb = rgb.map((c) => c * 0.9) as [number, number, number];
    colour = toHex(rgb);
  }
  return colour;
}
