import { DomainError } from '@app/contracts';
import { CjkPdf, loadFont } from '@app/pdf';

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

/**
 * The filing receipt (备案回执) as a PDF: Chinese text in the configured CJK TrueType font
 * (embedded as a subset), Latin letters and digits in Helvetica.
 */
export async function renderReceiptPdf(content: ReceiptContent, fontPath: string): Promise<Buffer> {
  const font = await loadFont(
    fontPath,
    (err) =>
      new DomainError(
        500,
        'RECEIPT_FONT_MISSING',
        `the CJK font for receipts is missing at ${fontPath} (${err.code ?? err.message}); install Debian package ` +
          'fonts-droid-fallback (npm start and npm test do) or set OUTLETS_RECEIPT_FONT',
      ),
  );
  const pdf = new CjkPdf(font, { Title: `快递末端网点备案回执 ${content.receiptNo}`, Author: '智慧快递监管平台', Subject: content.receiptNo });
  const doc = pdf.doc;
  pdf.line('快递末端网点备案回执', 22, 'center');
  pdf.line('Filing receipt of an express terminal outlet', 10, 'center');
  doc.moveDown(1.5);
  for (const item of content.lines) pdf.write(`${item.label}：${item.value}`, 12);
  doc.moveDown(1);
  if (content.remark) {
    pdf.write(content.remark, 12);
    doc.moveDown(1);
  }
  pdf.write('该网点已按照《快递末端网点备案暂行规定》予以备案，特此回执。', 12);
  doc.moveDown(2);
  pdf.line(`备案机关：${content.authority}`, 12, 'right');
  pdf.line(`出具日期：${content.issuedOn}`, 12, 'right');
  doc.moveDown(3);
  pdf.line(`本回执由智慧快递监管平台生成，可凭备案编号 ${content.receiptNo} 在平台核验。`, 9, 'center');
  return pdf.end();
}
