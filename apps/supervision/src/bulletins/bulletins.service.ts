import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type BulletinDto,
  type BulletinFormat,
  type BulletinIdMessage,
  type BulletinLevel,
  type BulletinPageDto,
  type BulletinPublishedEvent,
  type BulletinRowDto,
  type BulletinStatus,
  type BulletinWeightDto,
  type BulletinWeightListDto,
  type CreateBulletinRequest,
  DomainError,
  EventTypes,
  type FileReply,
  type ListBulletinsQuery,
  overlapsScope,
  type Principal,
  type PublicBulletinPageDto,
  type PublicBulletinsQuery,
  type PublishBulletinMessage,
  regionScope,
  type UpdateBulletinWeightMessage,
} from '@app/contracts';
import { AuditTrail, Outbox } from '@app/events';
import type { RequestMeta } from '@app/messaging';
import { divisions, regionName, scopedRegion } from '../common/scope.js';
import { SupervisionConfig } from '../supervision.definition.js';
import { BULLETIN_INDICATORS, monthValues } from './bulletin-figures.js';
import { change, previousMonth, scoreRegions } from './bulletin.rules.js';
import { renderBulletinPdf, renderBulletinXlsx } from './bulletin.files.js';

/** Says whose the weights are wherever they are shown. */
const WEIGHTS_NOTE =
  '评分权重为本平台自定的通报评分方案（管理员可调整，调整留痕），不是政策文件原文；各项指标在参与排名的区划之间按最好 100 分、最差 0 分折算，无数据记 0 分，综合得分为加权平均。';

const LEVEL_ZH: Record<BulletinLevel, string> = { city: '市级', county: '县级' };

interface BulletinRow {
  id: string;
  title: string;
  period: string;
  level: BulletinLevel;
  region_code: string;
  status: BulletinStatus;
  indicators: BulletinWeightDto[];
  rows: BulletinRowDto[];
  created_by: string;
  created_at: Date;
  published_by: string | null;
  published_at: Date | null;
}

const COLUMNS = `id, title, to_char(period, 'YYYY-MM') AS period, level, region_code, status, indicators, rows, created_by, created_at, published_by, published_at`;

function toDto(r: BulletinRow): BulletinDto {
  return {
    id: r.id,
    title: r.title,
    period: r.period,
    previousPeriod: previousMonth(r.period),
    level: r.level,
    regionCode: r.region_code,
    regionName: regionName(r.region_code),
    status: r.status,
    indicators: r.indicators,
    note: WEIGHTS_NOTE,
    rows: r.rows,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    publishedAt: r.published_at?.toISOString() ?? null,
    publishedBy: r.published_by,
  };
}

/** Monthly ranked bulletins (月度通报): built from the read models, published by province staff, public once published. */
@Injectable()
export class BulletinsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly config: SupervisionConfig,
  ) {}

  async weights(manager: EntityManager | DataSource = this.dataSource): Promise<BulletinWeightListDto> {
    // raw SQL: the indicator weights kept as data (bulletin_weights, no entity), read in the caller's transaction or outside it
    const rows: Array<{ key: string; weight: string }> = await manager.query(`SELECT key, weight FROM supervision.bulletin_weights`);
    const weightOf = new Map(rows.map((r) => [r.key, Number(r.weight)]));
    return { items: BULLETIN_INDICATORS.map((i) => ({ ...i, weight: weightOf.get(i.key) ?? 0 })), note: WEIGHTS_NOTE };
  }

  /** Admin changes one weight (audited); bulletins already built keep the weights they used. */
  async updateWeight(input: UpdateBulletinWeightMessage, meta: RequestMeta): Promise<BulletinWeightDto> {
    if (!BULLETIN_INDICATORS.some((i) => i.key === input.key)) throw DomainError.notFound(`bulletin indicator ${input.key}`);
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a table lock (LOCK TABLE) so that the weights' total holds until the change is written
      await manager.query(`LOCK TABLE supervision.bulletin_weights IN SHARE ROW EXCLUSIVE MODE`);
      const before = await this.weights(manager);
      const total = before.items.reduce((sum, i) => sum + (i.key === input.key ? input.weight : i.weight), 0);
      if (total <= 0) throw DomainError.rule('NO_WEIGHT_LEFT', 'at least one indicator must keep a weight above 0');
      // raw SQL: an upsert (INSERT ... ON CONFLICT DO UPDATE) with clock_timestamp()
      await manager.query(
        `INSERT INTO supervision.bulletin_weights (key, weight, updated_by, updated_at) VALUES ($1, $2, $3, clock_timestamp())
         ON CONFLICT (key) DO UPDATE SET weight = EXCLUDED.weight, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [input.key, input.weight, meta.principal?.sub ?? 'system'],
      );
      const previous = before.items.find((i) => i.key === input.key) as BulletinWeightDto;
      const after = { ...previous, weight: input.weight };
      await this.audit.record(
        manager,
        {
          action: 'bulletin.weight_changed',
          objectType: 'bulletin_weight',
          objectId: input.key,
          before: { weight: previous.weight },
          after: { weight: input.weight, reason: input.reason },
        },
        meta,
      );
      return after;
    });
  }

  /**
   * Builds a draft: every region of the level within the region asked for (default the
   * caller's scope), its indicators of the month and the month before from the read models,
   * the points, score and rank by the weights in force, audited.
   */
  async create(input: CreateBulletinRequest, principal: Principal, meta: RequestMeta): Promise<BulletinDto> {
    const region = scopedRegion(principal, input.regionCode);
    const codes = divisions(region)
      .descendants(region, input.level)
      .map((r) => r.code)
      .sort();
    if (codes.length === 0) {
      throw new DomainError(400, 'BAD_RANGE', `${region} has no ${input.level} within it`, [{ field: 'level', message: `no ${input.level} within ${region}` }]);
    }
    const previous = previousMonth(input.period);
    // one snapshot for both months and the weights; each statement under the pool's statement_timeout
    const { current, before, weights } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // raw SQL: makes the REPEATABLE READ snapshot read-only (SET TRANSACTION READ ONLY)
      await manager.query('SET TRANSACTION READ ONLY');
      const [current, before, weights] = await Promise.all([
        monthValues(manager, codes, input.period),
        monthValues(manager, codes, previous),
        this.weights(manager),
      ]);
      return { current, before, weights };
    });
    const scored = scoreRegions(
      codes.map((code) => ({ regionCode: code, values: current.get(code) ?? {} })),
      weights.items,
    );
    const previousRanks = new Map(
      scoreRegions(
        codes.map((code) => ({ regionCode: code, values: before.get(code) ?? {} })),
        weights.items,
      ).map((s) => [s.regionCode, s]),
    );
    const rows: BulletinRowDto[] = scored.map((s) => {
      const now = current.get(s.regionCode) ?? {};
      const then = before.get(s.regionCode) ?? {};
      const last = previousRanks.get(s.regionCode);
      return {
        rank: s.rank,
        regionCode: s.regionCode,
        regionName: regionName(s.regionCode),
        score: s.score,
        previousScore: last?.score ?? 0,
        previousRank: last?.rank ?? 0,
        values: weights.items.map((i) => ({
          key: i.key,
          value: now[i.key] ?? null,
          previous: then[i.key] ?? null,
          change: change(now[i.key] ?? null, then[i.key] ?? null),
          points: s.points[i.key] ?? 0,
        })),
      };
    });
    const [y, m] = input.period.split('-');
    const title = `${y}年${Number(m)}月${regionName(region)}快递业务监管通报（${LEVEL_ZH[input.level]}排名）`;
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: writes jsonb columns and returns the row with its period as text (to_char in COLUMNS); bulletins have no entity
      const [row]: BulletinRow[] = await manager.query(
        `INSERT INTO supervision.bulletins (title, period, level, region_code, indicators, rows, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [title, `${input.period}-01`, input.level, region, JSON.stringify(weights.items), JSON.stringify(rows), principal.sub],
      );
      await this.audit.record(
        manager,
        {
          action: 'bulletin.built',
          objectType: 'bulletin',
          objectId: row.id,
          after: { title, period: input.period, level: input.level, regionCode: region, weights: weights.items.map((w) => [w.key, w.weight]) },
        },
        meta,
      );
      return toDto(row);
    });
  }

  /** Bulletins of the caller's region, of regions within it, or enclosing it (a city sees the province's), newest first. */
  async list(query: ListBulletinsQuery, principal: Principal): Promise<BulletinPageDto> {
    const scope = regionScope(principal);
    // raw SQL: the bulletins of the caller's region, enclosing ones or enclosed ones (LIKE both ways), filters optional
    const rows: BulletinRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM supervision.bulletins
       WHERE (region_code LIKE $1 || '%' OR $1 LIKE region_code || '%')
         AND ($2::date IS NULL OR period = $2::date) AND ($3::text IS NULL OR status = $3)
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [scope, query.period ? `${query.period}-01` : null, query.status ?? null, query.limit ?? 50],
    );
    return {
      items: rows.map((r) => {
        const d = toDto(r);
        return {
          id: d.id,
          title: d.title,
          period: d.period,
          level: d.level,
          regionCode: d.regionCode,
          regionName: d.regionName,
          status: d.status,
          createdAt: d.createdAt,
          publishedAt: d.publishedAt,
        };
      }),
    };
  }

  async get(input: BulletinIdMessage, principal: Principal): Promise<BulletinDto | FileReply> {
    const bulletin = await this.find(input.id);
    if (!bulletin || !overlapsScope(principal, bulletin.regionCode)) throw DomainError.notFound('bulletin');
    return this.as(bulletin, input.format ?? 'json');
  }

  /** A published bulletin for anyone: the ranking and figures of regions, no user ids. */
  async publicGet(input: BulletinIdMessage): Promise<BulletinDto | FileReply> {
    const bulletin = await this.find(input.id);
    if (!bulletin || bulletin.status !== 'published') throw DomainError.notFound('bulletin');
    return this.as({ ...bulletin, createdBy: '', publishedBy: null }, input.format ?? 'json');
  }

  async publicList(query: PublicBulletinsQuery): Promise<PublicBulletinPageDto> {
    // raw SQL: the published bulletins with their period as text (to_char in COLUMNS)
    const rows: BulletinRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM supervision.bulletins WHERE status = 'published' ORDER BY period DESC, published_at DESC LIMIT $1`,
      [query.limit ?? 20],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        period: r.period,
        level: r.level,
        regionCode: r.region_code,
        regionName: regionName(r.region_code),
        publishedAt: (r.published_at as Date).toISOString(),
        ranking: r.rows.map((x) => ({ rank: x.rank, regionCode: x.regionCode, regionName: x.regionName, score: x.score })),
        pdf: `/api/v1/bulletins/public/${r.id}?format=pdf`,
      })),
    };
  }

  /** Province staff publish a draft: audited, and `supervision.bulletin.published` is sent. */
  async publish(input: PublishBulletinMessage, principal: Principal, meta: RequestMeta): Promise<BulletinDto> {
    return this.dataSource.transaction(async (manager) => {
      // raw SQL: a row lock (FOR UPDATE) held until the bulletin is published
      const [row]: BulletinRow[] = await manager.query(`SELECT ${COLUMNS} FROM supervision.bulletins WHERE id = $1 FOR UPDATE`, [input.id]);
      if (!row) throw DomainError.notFound('bulletin');
      if (row.status !== 'draft') throw DomainError.conflict('WRONG_STATUS', `the bulletin is already ${row.status}`);
      // raw SQL: an update with clock_timestamp() returning the stored row
      const [[published]]: [BulletinRow[], number] = await manager.query(
        `UPDATE supervision.bulletins SET status = 'published', published_by = $2, published_at = clock_timestamp() WHERE id = $1 RETURNING ${COLUMNS}`,
        [input.id, principal.sub],
      );
      const dto = toDto(published);
      await this.audit.record(
        manager,
        {
          action: 'bulletin.published',
          objectType: 'bulletin',
          objectId: dto.id,
          before: { status: 'draft' },
          after: { status: 'published', title: dto.title },
        },
        meta,
      );
      await this.outbox.add<BulletinPublishedEvent>(
        manager,
        EventTypes.bulletinPublished,
        { bulletinId: dto.id, title: dto.title, period: dto.period, level: dto.level, regionCode: dto.regionCode, ranking: dto.rows.map((r) => r.regionCode) },
        meta,
      );
      return dto;
    });
  }

  private async find(id: string): Promise<BulletinDto | null> {
    // raw SQL: reads a bulletin with its period as text (to_char in COLUMNS); bulletins have no entity
    const [row]: BulletinRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM supervision.bulletins WHERE id = $1`, [id]);
    return row ? toDto(row) : null;
  }

  private async as(bulletin: BulletinDto, format: BulletinFormat): Promise<BulletinDto | FileReply> {
    const name = `bulletin-${bulletin.period}-${bulletin.level}-${bulletin.regionCode}`;
    if (format === 'pdf') {
      const pdf = await renderBulletinPdf(bulletin, this.config.SUPERVISION_PDF_FONT);
      return { filename: `${name}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') };
    }
    if (format === 'xlsx') {
      const xlsx = await renderBulletinXlsx(bulletin);
      return { filename: `${name}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: xlsx.toString('base64') };
    }
    return bulletin;
  }
}
