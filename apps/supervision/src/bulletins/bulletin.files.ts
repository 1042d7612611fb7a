import ExcelJS from 'exceljs';
import { type BulletinDto, DomainError } from '@app/contracts';
import { CjkPdf, loadFont } from '@app/pdf';

/** Short column heads of the indicators in the PDF's table (the legend under it gives the full names). */
const SHORT: Record<string, string> = {
  rural_parcels_upstream: '上行件量',
  rural_parcels_downstream: '下行件量',
  subsidy_avg_to_ceiling: '补助/上限',
  township_outlet_coverage: '乡镇覆盖',
  locker_delivery_rate: '箱投占比',
  data_quality_score: '数据质量',
  e_waybill_rate: '电子运单',
  recyclable_transit_bag_rate: '循环中转袋',
  late_filings: '逾期报送',
  open_incidents: '突发事件',
  public_complaints: '公众投诉',
};

const DIRECTION_ZH = { higher: '越高越好', lower: '越低越好' } as const;

/** A value as the bulletin prints it: rates in per cent, counts with thousands separators, — for none. */
function shown(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  return Math.round(value).toLocaleString('en-US');
}

function monthZh(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

function rankChange(rank: number, previousRank: number): string {
  if (previousRank === 0 || previousRank === rank) return '持平';
  return previousRank > rank ? `上升${previousRank - rank}位` : `下降${rank - previousRank}位`;
}

/**
 * The bulletin as a landscape A4 PDF in Chinese: the ranking (rank, region, score, last
 * month's rank), each region's indicators, and the scheme with its weights.
 */
export async function renderBulletinPdf(bulletin: BulletinDto, fontPath: string): Promise<Buffer> {
  const font = await loadFont(
    fontPath,
    (err) =>
      new DomainError(
        500,
        'BULLETIN_FONT_MISSING',
        `the CJK font for bulletins is missing at ${fontPath} (${err.code ?? err.message}); install Debian package ` +
          'fonts-droid-fallback (npm start and npm test do) or set SUPERVISION_PDF_FONT',
      ),
  );
  const pdf = new CjkPdf(font, { Title: bulletin.title, Author: '智慧快递监管平台', Subject: `${bulletin.period} ${bulletin.level}` }, 'landscape');
  const doc = pdf.doc;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  pdf.line(bulletin.title, 18, 'center');
  pdf.line(
    `通报月份：${monthZh(bulletin.period)}  对比月份：${monthZh(bulletin.previousPeriod)}  状态：${bulletin.status === 'published' ? '已发布' : '草稿'}`,
    10,
    'center',
  );
  doc.moveDown(0.5);

  // the ranking
  pdf.write('一、综合排名', 13);
  doc.moveDown(0.3);
  const rankColumns = [
    { head: '排名', width: 60 },
    { head: '区划', width: 160 },
    { head: '综合得分', width: 90 },
    { head: '上月得分', width: 90 },
    { head: '上月排名', width: 90 },
    { head: '排名变化', width: 100 },
  ];
  const tableRow = (cells: string[], widths: number[], size: number) => {
    if (doc.y + size * 1.8 > bottom()) doc.addPage();
    const y = doc.y;
    let x = pdf.left;
    cells.forEach((cell, i) => {
      pdf.place(cell, x, y, size);
      x += widths[i];
    });
    doc.x = pdf.left;
    doc.y = y + size * 1.8;
  };
  tableRow(
    rankColumns.map((c) => c.head),
    rankColumns.map((c) => c.width),
    10,
  );
  for (const row of bulletin.rows) {
    tableRow(
      [
        `第${row.rank}名`,
        row.regionName,
        row.score.toFixed(2),
        row.previousScore.toFixed(2),
        `第${row.previousRank}名`,
        rankChange(row.rank, row.previousRank),
      ],
      rankColumns.map((c) => c.width),
      10,
    );
  }

  // each region's indicators
  doc.moveDown(0.8);
  if (doc.y + 60 > bottom()) doc.addPage();
  pdf.write('二、分项指标', 13);
  doc.moveDown(0.3);
  const first = [28, 70];
  const each = (pdf.width - first[0] - first[1]) / bulletin.indicators.length;
  const widths = [...first, ...bulletin.indicators.map(() => each)];
  tableRow(['排名', '区划', ...bulletin.indicators.map((i) => SHORT[i.key] ?? i.key)], widths, 7);
  for (const row of bulletin.rows) {
    tableRow(
      [
        String(row.rank),
        row.regionName,
        ...bulletin.indicators.map((i) => {
          const v = row.values.find((x) => x.key === i.key);
          return v ? shown(v.value, i.unit) : '—';
        }),
      ],
      widths,
      7,
    );
  }

  // the scheme
  doc.moveDown(0.8);
  if (doc.y + 80 > bottom()) doc.addPage();
  pdf.write('三、指标与权重', 13);
  doc.moveDown(0.3);
  for (const i of bulletin.indicators) pdf.write(`${SHORT[i.key] ?? i.key}：${i.nameZh}，权重 ${i.weight}，${DIRECTION_ZH[i.direction]}`, 8);
  doc.moveDown(0.5);
  pdf.write(bulletin.note, 8);
  doc.moveDown(1);
  pdf.line(`本通报由智慧快递监管平台根据各业务系统上报数据生成，生成时间 ${bulletin.createdAt.slice(0, 10)}。`, 8, 'center');
  return pdf.end();
}

/** The bulletin as an XLSX workbook: the ranking with every indicator, its change and points, and the weights. */
export async function renderBulletinXlsx(bulletin: BulletinDto): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ranking = workbook.addWorksheet('排名', { views: [{ state: 'frozen', ySplit: 1 }] });
  const heads = ['排名', '区划代码', '区划', '综合得分', '上月得分', '上月排名'];
  for (const i of bulletin.indicators) heads.push(i.nameZh, `${i.nameZh}（上月）`, `${i.nameZh}（较上月）`, `${i.nameZh}（得分）`);
  ranking.addRow(heads).font = { bold: true };
  for (const row of bulletin.rows) {
    ranking.addRow([
      row.rank,
      row.regionCode,
      row.regionName,
      row.score,
      row.previousScore,
      row.previousRank,
      ...bulletin.indicators.flatMap((i) => {
        const v = row.values.find((x) => x.key === i.key);
        return [v?.value ?? null, v?.previous ?? null, v?.change ?? null, v?.points ?? 0];
      }),
    ]);
  }
  const weights = workbook.addWorksheet('指标与权重', { views: [{ state: 'frozen', ySplit: 1 }] });
  weights.addRow(['指标', '名称', '单位', '方向', '权重', '数据来源']).font = { bold: true };
  for (const i of bulletin.indicators) weights.addRow([i.key, i.nameZh, i.unit, DIRECTION_ZH[i.direction], i.weight, i.source]);
  weights.addRow([]);
  weights.addRow([bulletin.note]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
