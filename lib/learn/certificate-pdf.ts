/**
 * A certificate as a one-page PDF (pdf-lib): the organisation's name and colour, the holder,
 * the course, the number, issue and expiry dates, and a QR code (qrcode) to the public
 * verification page. A revoked or expired certificate says so across the page. The same
 * bytes go to the portal's download and to the certificate-issued email.
 *
 * Text is set in DejaVu Sans (npm dejavu-fonts-ttf), embedded as a subset of the glyphs used
 * (@pdf-lib/fontkit): names in Latin, Greek and Cyrillic scripts print as written, and the file
 * stays a few kilobytes. PDF's standard fonts would only write Windows-1252 ("Łukasz" → "?ukasz").
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { personName } from '../format';
import { portalLinks } from './urls';

const fontFile = (name: string) => path.join(process.cwd(), 'node_modules/dejavu-fonts-ttf/ttf', name);
let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
/** The two faces, read once per process. */
const fontBytes = () => {
  fonts ??= Promise.all([readFile(fontFile('DejaVuSans.ttf')), readFile(fontFile('DejaVuSans-Bold.ttf'))]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
};

export type CertificateForPdf = {
  orgName: string;
  orgAddress: string | null;
  brandColor: string | null;
  holderName: string;
  courseTitle: string;
  number: string;
  issuedOn: string;
  expiresOn: string | null;
  status: 'active' | 'expired' | 'revoked';
  verificationUrl: string;
};

/** One line of text: control characters and line breaks would break the layout. */
export function pdfSafeText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

const longDate = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function colourOf(hex: string | null) {
  const valid = hex && /^#[0-9a-fA-F]{6}$/.test(hex) ? hex : '#1d4ed8';
  const n = Number.parseInt(valid.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

export async function certificatePdf(certificate: CertificateForPdf): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(pdfSafeText(`Certificate ${certificate.number}: ${certificate.courseTitle}`));
  pdf.setAuthor(pdfSafeText(certificate.orgName));
  pdf.setSubject(pdfSafeText(`${certificate.holderName}, ${certificate.courseTitle}`));
  pdf.setCreator('Cohort');
  // Landscape A4.
  const page = pdf.addPage([841.89, 595.28]);
  const { width, height } = page.getSize();
  pdf.registerFontkit(fontkit);
  const faces = await fontBytes();
  const regular = await pdf.embedFont(faces.regular, { subset: true });
  const bold = await pdf.embedFont(faces.bold, { subset: true });
  const brand = colourOf(certificate.brandColor);
  const ink = rgb(0.09, 0.11, 0.16);
  const muted = rgb(0.35, 0.38, 0.45);

  page.drawRectangle({ x: 0, y: height - 18, width, height: 18, color: brand });
  page.drawRectangle({ x: 30, y: 30, width: width - 60, height: height - 78, borderColor: brand, borderWidth: 1.5 });

  const centred = (text: string, y: number, size: number, font = regular, color = ink) => {
    const safe = pdfSafeText(text);
    let fitted = size;
    while (fitted > 8 && font.widthOfTextAtSize(safe, fitted) > width - 140) fitted -= 1;
    page.drawText(safe, { x: (width - font.widthOfTextAtSize(safe, fitted)) / 2, y, size: fitted, font, color });
  };

  centred(certificate.orgName, height - 90, 20, bold, brand);
  centred('Certificate', height - 150, 40, bold);
  centred('This certifies that', height - 195, 14, regular, muted);
  centred(certificate.holderName, height - 240, 32, bold);
  centred('has successfully completed', height - 280, 14, regular, muted);
  centred(certificate.courseTitle, height - 320, 22, bold);

  const facts = [
    `Certificate number ${certificate.number}`,
    `Issued ${longDate(certificate.issuedOn)}`,
    certificate.expiresOn ? `Valid until ${longDate(certificate.expiresOn)}` : 'Does not expire',
  ].join('   ·   ');
  centred(facts, height - 365, 12, regular, ink);

  const qr = await QRCode.toBuffer(certificate.verificationUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220, color: { dark: '#000000', light: '#ffffff' } });
  const image = await pdf.embedPng(qr);
  const qrSize = 110;
  page.drawImage(image, { x: width - 60 - qrSize, y: 50, width: qrSize, height: qrSize });
  page.drawText('Verify this certificate:', { x: 60, y: 95, size: 10, font: bold, color: muted });
  page.drawText(pdfSafeText(certificate.verificationUrl), { x: 60, y: 80, size: 10, font: regular, color: muted });
  if (certificate.orgAddress) page.drawText(pdfSafeText(certificate.orgAddress).slice(0, 140), { x: 60, y: 58, size: 8, font: regular, color: muted });

  if (certificate.status !== 'active') {
    const word = certificate.status === 'revoked' ? 'REVOKED' : 'EXPIRED';
    const size = 90;
    page.drawText(word, {
      x: width / 2 - bold.widthOfTextAtSize(word, size) / 2 + 40,
      y: height / 2 - 80,
      size,
      font: bold,
      color: rgb(0.75, 0.1, 0.1),
      opacity: 0.35,
      rotate: degrees(20),
    });
    centred(
      certificate.status === 'revoked' ? 'This certificate has been revoked and is no longer valid.' : 'This certificate has expired and is no longer valid.',
      height - 395,
      12,
      bold,
      rgb(0.6, 0.1, 0.1),
    );
  }
  return pdf.save();
}

export type CertificateRow = {
  certificate_number: string;
  issued_at: string;
  expires_at: string | null;
  status: 'active' | 'expired' | 'revoked';
  title: string;
  first_name: string | null;
  last_name: string;
  email: string | null;
  org_name: string;
  postal_address: string | null;
  brand_color: string | null;
};

/** What the PDF prints, from a certificate joined with its course, holder and organisation (the portal's download and the certificate email's attachment). */
export function certificateForPdf(row: CertificateRow): CertificateForPdf {
  return {
    orgName: row.org_name,
    orgAddress: row.postal_address,
    brandColor: row.brand_color,
    holderName: personName(row),
    courseTitle: row.title,
    number: row.certificate_number,
    issuedOn: String(row.issued_at).slice(0, 10),
    expiresOn: row.expires_at ? String(row.expires_at).slice(0, 10) : null,
    status: row.status,
    verificationUrl: portalLinks.verifyCertificate(row.certificate_number),
  };
}
