/**
 * Draws the widget logos (images/*.png) from one SVG design: a focus ring with a check mark on the
 * brand gradient, plus a monoline wordmark drawn as strokes — no text elements, so the output does
 * not depend on which fonts the machine has. The PNGs are committed; run `npx tsx scripts/make-logos.ts`
 * after changing the design. Sizes are fixed by amoCRM (platform reference §1.1).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const BRAND = { from: '#1d3f8f', to: '#14a89a', accent: '#ffb547', ink: '#ffffff' } as const;

/** Monoline glyphs on a 14-unit-high grid; `w` is the advance width before letter spacing. */
const GLYPHS: Record<string, { w: number; d: string }> = {
  F: { w: 8, d: 'M0 14V0H8M0 7H6' },
  O: { w: 10, d: 'M5 0A5 7 0 1 0 5 14A5 7 0 1 0 5 0Z' },
  C: { w: 9.5, d: 'M9.5 2.2A5 7 0 1 0 9.5 11.8' },
  U: { w: 10, d: 'M0 0V9A5 5 0 0 0 10 9V0' },
  S: { w: 9, d: 'M8.6 2.2C7 -0.6 0.6 -0.4 0.6 3.4C0.6 7.2 8.6 6.4 8.6 10.4C8.6 14.6 2 14.8 0.4 11.6' },
  R: { w: 9, d: 'M0 14V0H5.5A3.5 3.5 0 0 1 5.5 7H0M5 7L9 14' },
  E: { w: 8, d: 'M8 0H0V14H8M0 7H6.5' },
  A: { w: 10, d: 'M0 14L5 0L10 14M2 8.6H8' },
  L: { w: 8, d: 'M0 0V14H8' },
};
const LETTER_SPACING = 4;
const WORD_SPACING = 12;

function wordWidth(word: string): number {
  return [...word].reduce((sum, ch) => sum + (GLYPHS[ch]?.w ?? 0), 0) + LETTER_SPACING * (word.length - 1);
}

/** A line of words as stroked paths, top-left at (x, y), `scale` px per grid unit. */
function wordmark(text: string, x: number, y: number, scale: number, colour: string): string {
  let cursor = 0;
  const paths: string[] = [];
  for (const word of text.split(' ')) {
    for (const ch of word) {
      const glyph = GLYPHS[ch];
      if (!glyph) throw new Error(`no glyph for ${ch}`);
      paths.push(`<path transform="translate(${cursor} 0)" d="${glyph.d}"/>`);
      cursor += glyph.w + LETTER_SPACING;
    }
    cursor += WORD_SPACING - LETTER_SPACING;
  }
  return `<g transform="translate(${x} ${y}) scale(${scale})" fill="none" stroke="${colour}" stroke-width="${2.2}"
    stroke-linecap="round" stroke-linejoin="round">${paths.join('')}</g>`;
}

function lineWidth(text: string): number {
  const words = text.split(' ');
  return words.reduce((sum, w) => sum + wordWidth(w), 0) + WORD_SPACING * (words.length - 1);
}

/** The mark: two focus rings, a centre dot and a check stroke crossing them, centred at (cx, cy). */
function mark(cx: number, cy: number, size: number): string {
  const r = size / 2;
  const s = size / 100;
  return `<g>
    <circle cx="${cx}" cy="${cy}" r="${r * 0.86}" fill="none" stroke="${BRAND.ink}" stroke-opacity="0.35" stroke-width="${7 * s}"/>
    <circle cx="${cx}" cy="${cy}" r="${r * 0.56}" fill="none" stroke="${BRAND.ink}" stroke-opacity="0.8" stroke-width="${7 * s}"/>
    <circle cx="${cx}" cy="${cy}" r="${r * 0.16}" fill="${BRAND.ink}"/>
    <path d="M${cx - 30 * s} ${cy + 2 * s}L${cx - 6 * s} ${cy + 26 * s}L${cx + 44 * s} ${cy - 30 * s}"
      fill="none" stroke="#0d2a66" stroke-opacity="0.35" stroke-width="${15 * s}" stroke-linecap="round"
      stroke-linejoin="round" transform="translate(${2 * s} ${3 * s})"/>
    <path d="M${cx - 30 * s} ${cy + 2 * s}L${cx - 6 * s} ${cy + 26 * s}L${cx + 44 * s} ${cy - 30 * s}"
      fill="none" stroke="${BRAND.accent}" stroke-width="${13 * s}" stroke-linecap="round" stroke-linejoin="round"/>
  </g>`;
}

function canvas(width: number, height: number, body: string): string {
  const radius = Math.round(Math.min(width, height) * 0.12);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${BRAND.from}"/><stop offset="1" stop-color="${BRAND.to}"/>
    </linearGradient>
    <radialGradient id="glow" cx="0.3" cy="0.2" r="0.9">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.22"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="${width}" height="${height}" rx="${radius}" fill="url(#bg)"/>
  <rect width="${width}" height="${height}" rx="${radius}" fill="url(#glow)"/>
  ${body}
</svg>`;
}

const NAME = 'FOCUS REFUSALS';

/** Mark above a one-line wordmark, centred: the large landscape logos. */
function stacked(width: number, height: number, markSize: number, textScale: number): string {
  const textW = lineWidth(NAME) * textScale;
  const textH = 14 * textScale;
  const gap = height * 0.07;
  const top = (height - markSize - gap - textH) / 2;
  return canvas(width, height,
    mark(width / 2, top + markSize / 2, markSize) +
    wordmark(NAME, (width - textW) / 2, top + markSize + gap, textScale, BRAND.ink));
}

/** Mark on the left, the two words stacked on the right: the wide, short logo. */
function sideBySide(width: number, height: number): string {
  const markSize = height * 0.78;
  const scale = 1.05;
  const lineH = 14 * scale;
  const textX = height * 0.95;
  const top = (height - lineH * 2 - 8) / 2;
  return canvas(width, height,
    mark(height / 2, height / 2, markSize) +
    wordmark('FOCUS', textX, top, scale, BRAND.ink) +
    wordmark('REFUSALS', textX, top + lineH + 8, scale, BRAND.ink));
}

const markOnly = (width: number, height: number): string =>
  canvas(width, height, mark(width / 2, height / 2, Math.min(width, height) * 0.8));

const LOGOS: Array<{ file: string; svg: string }> = [
  { file: 'logo_main.png', svg: stacked(400, 272, 150, 1.7) },
  { file: 'logo.png', svg: markOnly(130, 100) },
  { file: 'logo_small.png', svg: markOnly(108, 108) },
  { file: 'logo_medium.png', svg: sideBySide(240, 84) },
  { file: 'logo_min.png', svg: markOnly(84, 84) },
  { file: 'logo_dp.png', svg: stacked(174, 109, 62, 0.72) },
];

const outDir = join(import.meta.dirname, '..', 'images');
for (const { file, svg } of LOGOS) {
  const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
  writeFileSync(join(outDir, file), png);
  process.stdout.write(`${file} ${png.length} bytes\n`);
}
