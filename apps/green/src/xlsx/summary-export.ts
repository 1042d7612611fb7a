import ExcelJS from 'exceljs';
import type { GreenSummaryDto } from '@app/contracts';

const PERCENT = '0.00%';

function header(sheet: ExcelJS.Worksheet, columns: Array<{ header: string; key: string; width: number; numFmt?: string }>): void {
  sheet.columns = columns.map(({ header: h, key, width }) => ({ header: h, key, width }));
  for (const c of columns) if (c.numFmt) sheet.getColumn(c.key).numFmt = c.numFmt;
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The summary of a year as a workbook: figures against targets, ranking, late and missing filers. */
export async function summaryWorkbook(summary: GreenSummaryDto): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'express supervision platform';
  book.title = `green report summary ${summary.year}`;

  const overview = book.addWorksheet('汇总 Summary');
  header(overview, [
    { header: 'item (项目)', key: 'item', width: 40 },
    { header: 'value (数值)', key: 'value', width: 18 },
    { header: 'target (目标)', key: 'target', width: 18 },
    { header: 'met (达标)', key: 'met', width: 10 },
    { header: 'source (依据)', key: 'source', width: 90 },
  ]);
  overview.addRow({ item: `year 年度`, value: summary.year });
  overview.addRow({ item: 'annual reports counted 纳入统计报告数', value: summary.reportsCounted });
  overview.addRow({ item: 'of them accepted 已通过', value: summary.reportsAccepted });
  overview.addRow({ item: 'returned, awaiting correction 已退回', value: summary.reportsReturned });
  overview.addRow({ item: 'parcels 快件业务量', value: summary.totals.parcels });
  overview.addRow({ item: 'CO2 kg 二氧化碳排放量(千克)', value: summary.totals.co2eKg });
  for (const t of summary.targets) {
    const row = overview.addRow({
      item: `${t.key} ${t.metric}`,
      value: t.value,
      target: t.op === 'rising' ? (t.target === null ? 'rising 逐年提高' : t.target) : t.target,
      met: t.met === null ? '—' : t.met ? 'yes 是' : 'no 否',
      source: t.source,
    });
    row.getCell('value').numFmt = PERCENT;
    row.getCell('target').numFmt = PERCENT;
  }
  overview.addRow({ item: `due date 截止日期`, value: summary.filing.dueDate });
  overview.addRow({ item: 'basis 统计口径', value: summary.basis });

  const ranking = book.addWorksheet('排名 Ranking');
  header(ranking, [
    { header: 'rank 排名', key: 'rank', width: 8 },
    { header: 'enterprise 企业', key: 'enterpriseName', width: 36 },
    { header: 'targets met 达标项数', key: 'targetsMet', width: 12 },
    { header: 'score 综合得分', key: 'score', width: 12, numFmt: '0.0000' },
    { header: 'e-waybill rate 电子运单使用率', key: 'eWaybillRate', width: 16, numFmt: PERCENT },
    { header: 'recyclable bag rate 循环中转袋使用率', key: 'recyclableBagRate', width: 16, numFmt: PERCENT },
    { header: 'new-energy share 新能源车辆占比', key: 'newEnergyShare', width: 16, numFmt: PERCENT },
    { header: 'previous year 上年占比', key: 'previousNewEnergyShare', width: 14, numFmt: PERCENT },
    { header: 'kg CO2 per 1,000 parcels 千件碳排放', key: 'co2eKgPerThousandParcels', width: 16 },
    { header: 'late 逾期', key: 'late', width: 8 },
    { header: 'enterprise id', key: 'enterpriseId', width: 38 },
  ]);
  for (const r of summary.ranking) ranking.addRow({ ...r, late: r.late ? 'yes 是' : 'no 否' });

  const late = book.addWorksheet('逾期 Late');
  header(late, [
    { header: 'enterprise 企业', key: 'enterpriseName', width: 36 },
    { header: 'region 地区', key: 'regionCode', width: 10 },
    { header: 'filed on 报送日期', key: 'filedOn', width: 14 },
    { header: 'days late 逾期天数', key: 'daysLate', width: 12 },
    { header: 'report id', key: 'reportId', width: 38 },
  ]);
  for (const l of summary.filing.lateFilers) late.addRow(l);

  const missing = book.addWorksheet('未报 Missing');
  header(missing, [
    { header: 'enterprise 企业', key: 'enterpriseName', width: 36 },
    { header: 'credit code 统一社会信用代码', key: 'uscc', width: 22 },
    { header: 'brand 品牌', key: 'brand', width: 10 },
    { header: 'enterprise id', key: 'enterpriseId', width: 38 },
  ]);
  for (const m of summary.filing.missingFilers) missing.addRow(m);

  return Buffer.from(await book.xlsx.writeBuffer());
}
