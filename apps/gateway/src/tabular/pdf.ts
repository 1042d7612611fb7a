import { DomainError } from '@app/contracts';
import { CjkPdf, loadFont } from '@app/pdf';

export interface PdfReport {
  title: string;
  subtitle: string;
  /** paragraphs, each wrapping over the page's width */
  paragraphs: string[];
  footer: string;
}

/** A report as an A4 PDF: a title, a subtitle, numbered paragraphs and a footer, Chinese in the CJK font (embedded as a subset). */
export async function writeReportPdf(report: PdfReport, fontPath: string): Promise<Buffer> {
  const font = await loadFont(
    fontPath,
    (err) =>
      new DomainError(
        500,
        'REPORT_FONT_MISSING',
        `the CJK font for PDF reports is missing at ${fontPath} (${err.code ?? err.message}); install fonts-droid-fallback or set REPORT_FONT`,
      ),
  );
  const pdf = new CjkPdf(font, { Title: report.title, Author: '智慧快递监管平台' });
  const paragraph = (text: string, size: number, gap: number) => {
    pdf.write(text, size);
    pdf.doc.moveDown(gap);
  };
  paragraph(report.title, 18, 0.3);
  paragraph(report.subtitle, 10, 1);
  for (const text of report.paragraphs) paragraph(text, 10.5, 0.4);
  pdf.doc.moveDown(1);
  paragraph(report.footer, 8, 0);
  return pdf.end();
}
