import PDFDocument from 'pdfkit';
import { readFile } from 'node:fs/promises';
import { DomainError } from '@app/contracts';

const CJK = 'cjk';
const LATIN = 'Helvetica';
/** CJK ideographs, punctuation and full-width forms: drawn in the CJK font; the rest in Helvetica (the CJK font has no Latin glyphs). */
const CJK_RUN = /[\u2e80-\uffff]+|[^\u2e80-\uffff]+/gu;
/** The baseline below a line's top as a share of the size: DroidSansFallback's ascender, so both fonts share one baseline. */
const ASCENT = 1.043;

let font: Promise<Buffer> | null = null;

/** The configured CJK font, read once (a missing font is 500 REPORT_FONT_MISSING, and read again next time). */
function reportFont(path: string): Promise<Buffer> {
  font ??= readFile(path).catch((err: NodeJS.ErrnoException) => {
    font = null;
    throw new DomainError(
      500,
      'REPORT_FONT_MISSING',
      `the CJK font for PDF reports is missing at ${path} (${err.code ?? err.message}); install fonts-droid-fallback or set REPORT_FONT`,
    );
  });
  return font;
}

export interface PdfReport {
  title: string;
  subtitle: string;
  /** paragraphs, each wrapping over the page's width */
  paragraphs: string[];
  footer: string;
}

/** A report as an A4 PDF: a title, a subtitle, numbered paragraphs and a footer, Chinese in the CJK font (embedded as a subset). */
export async function writeReportPdf(report: PdfReport, fontPath: string): Promise<Buffer> {
  const cjk = await reportFont(fontPath);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: report.title, Author: '智慧快递监管平台' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont(CJK, cjk);
  const write = (text: string, size: number, gap: number) => {
    const runs = text.match(CJK_RUN) ?? [''];
    runs.forEach((run, i) => {
      doc
        .font(/^[\u2e80-\uffff]/u.test(run) ? CJK : LATIN)
        .fontSize(size)
        .text(run, { continued: i < runs.length - 1, lineGap: 3, baseline: -ASCENT * size });
    });
    doc.moveDown(gap);
  };
  write(report.title, 18, 0.3);
  write(report.subtitle, 10, 1);
  for (const paragraph of report.paragraphs) write(paragraph, 10.5, 0.4);
  doc.moveDown(1);
  write(report.footer, 8, 0);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
