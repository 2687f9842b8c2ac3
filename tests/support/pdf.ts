/**
 * Reading a PDF the way a person (and a phone camera) would, for tests: its text with pdfjs,
 * and the payload of the QR code drawn on it, decoded from the page's image with jsQR.
 */
import jsQR from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type ReadPdf = { pages: number; text: string; qrCodes: string[] };

type PdfImage = { width: number; height: number; kind: number; data: Uint8ClampedArray | Uint8Array };

/** RGBA pixels of a pdfjs image (kind 1: 1 bit grey, 2: RGB, 3: RGBA). */
function rgba(image: PdfImage): Uint8ClampedArray {
  const { width, height, kind, data } = image;
  if (kind === 3) return new Uint8ClampedArray(data);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    let r: number;
    let g: number;
    let b: number;
    if (kind === 2) {
      r = data[i * 3] ?? 0;
      g = data[i * 3 + 1] ?? 0;
      b = data[i * 3 + 2] ?? 0;
    } else {
      const rowBytes = (width + 7) >> 3;
      const x = i % width;
      const y = Math.floor(i / width);
      const bit = ((data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      r = g = b = bit ? 255 : 0;
    }
    out.set([r, g, b, 255], i * 4);
  }
  return out;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isOffscreenCanvasSupported: false, isImageDecoderSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const texts: string[] = [];
  const qrCodes: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    const operators = await page.getOperatorList();
    for (let i = 0; i < operators.fnArray.length; i += 1) {
      if (operators.fnArray[i] !== OPS.paintImageXObject) continue;
      const name = operators.argsArray[i]?.[0] as string;
      const image = (await new Promise((resolve) => page.objs.get(name, resolve))) as PdfImage;
      const code = jsQR(rgba(image), image.width, image.height);
      if (code) qrCodes.push(code.data);
    }
  }
  return { pages: pdf.numPages, text: texts.join('\n'), qrCodes };
}
