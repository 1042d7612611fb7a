import PDFDocument from 'pdfkit';
import { readFile } from 'node:fs/promises';
import { DomainError } from '@app/contracts';

/** One labelled line of the receipt, e.g. 备案编号：FILE-140821-2026-000001. */
interface ReceiptLine {
  label: string;
  value: string;
}

export interface ReceiptContent {
  receiptNo: string;
  lines: ReceiptLine[];
  /** the filing authority, e.g. 运城市邮政管理局 */
  authority: string;
  /** date the receipt was generated */
  issuedOn: string;
  /** a remark printed under the particulars, e.g. that the outlet has closed */
  remark: string | null;
}

const fonts = new Map<string, Promise<Buffer>>();

function loadFont(path: string): Promise<Buffer> {
  let font = fonts.get(path);
  if (!font) {
    font = readFile(path).catch((err: NodeJS.ErrnoException) => {
      fonts.delete(path);
      throw new DomainError(
        500,
        'RECEIPT_FONT_MISSING',
        `the CJK font for receipts is missing at ${path} (${err.code ?? err.message}); install Debian package ` +
          'fonts-droid-fallback (npm start and npm test do) or set OUTLETS_RECEIPT_FONT',
      );
    });
    fonts.set(path, font);
  }
  return font;
}

/** Splits text into runs for the CJK font and the Latin font (the CJK font has no Latin glyphs). */
export function scriptRuns(text: string): Array<{ cjk: boolean; text: string }> {
  const runs: Array<{ cjk: boolean; text: string }> = [];
  for (const ch of text) {
    const cjk = (ch.codePointAt(0) ?? 0) >= 0x2e80;
    const last = runs[runs.length - 1];
    if (last && last.cjk === cjk) last.text += ch;
    else runs.push({ cjk, text: ch });
  }
  return runs;
}

const CJK = 'cjk';
const LATIN = 'Helvetica';
/**
 * Where the baseline sits below the top of a line, as a share of the font size: the CJK
 * font's ascender (DroidSansFallback: 267/256 em). Both fonts share it, so Latin runs sit
 * on the same baseline as the Chinese around them.
 */
const BASELINE = 1.043;

/**
 * The filing receipt (备案回执) as a PDF: Chinese text in the configured CJK TrueType font
 * (embedded as a subset), Latin letters and digits in Helvetica.
 */
export async function renderReceiptPdf(content: ReceiptContent, fontPath: string): Promise<Buffer> {
  const font = await loadFont(fontPath);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 64,
    info: { Title: `快递末端网点备案回执 ${content.receiptNo}`, Author: '智慧快递监管平台', Subject: content.receiptNo },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont(CJK, font);
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  /** A paragraph that wraps, left-aligned. */
  const write = (text: string, size: number) => {
    const runs = scriptRuns(text);
    runs.forEach((run, i) => {
      doc
        .font(run.cjk ? CJK : LATIN)
        .fontSize(size)
        .text(run.text, { continued: i < runs.length - 1, baseline: -BASELINE * size, lineGap: 4 });
    });
  };

  /** One line, centred or flush right: the runs are measured and placed one after another. */
  const line = (text: string, size: number, align: 'center' | 'right') => {
    const runs = scriptRuns(text).map((run) => ({
      ...run,
      width: doc
        .font(run.cjk ? CJK : LATIN)
        .fontSize(size)
        .widthOfString(run.text),
    }));
    const total = runs.reduce((sum, run) => sum + run.width, 0);
    let x = left + (align === 'center' ? (width - total) / 2 : width - total);
    const y = doc.y;
    for (const run of runs) {
      doc
        .font(run.cjk ? CJK : LATIN)
        .fontSize(size)
        .text(run.text, x, y, { lineBreak: false, baseline: -BASELINE * size });
      x += run.width;
    }
    doc.x = left;
    doc.y = y + size * 1.5;
  };

  line('快递末端网点备案回执', 22, 'center');
  line('Filing receipt of an express terminal outlet', 10, 'center');
  doc.moveDown(1.5);
  for (const item of content.lines) write(`${item.label}：${item.value}`, 12);
  doc.moveDown(1);
  if (content.remark) {
    write(content.remark, 12);
    doc.moveDown(1);
  }
  write('该网点已按照《快递末端网点备案暂行规定》予以备案，特此回执。', 12);
  doc.moveDown(2);
  line(`备案机关：${content.authority}`, 12, 'right');
  line(`出具日期：${content.issuedOn}`, 12, 'right');
  doc.moveDown(3);
  line(`本回执由智慧快递监管平台生成，可凭备案编号 ${content.receiptNo} 在平台核验。`, 9, 'center');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
