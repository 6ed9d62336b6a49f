import { isUuid, Principal } from '@app/domain';
import {
  AuditEntryEntity,
  BookingEntity,
  DriverEntity,
  OperatorAccountEntity,
  RiderEntity,
  ServiceAreaEntity,
  ShiftEntity,
  ShiftRosterEntryEntity,
  StopEntity,
  VehicleEntity,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * What the audit trail can take snapshots of. A new kind of record the office writes is
 * audited by adding its entity here and marking the route `@Audited(...)`.
 */
const AUDITED_ENTITIES = {
  service_area: ServiceAreaEntity,
  stop: StopEntity,
  vehicle: VehicleEntity,
  driver: DriverEntity,
  shift: ShiftEntity,
  roster_entry: ShiftRosterEntryEntity,
  rider: RiderEntity,
  booking: BookingEntity,
  operator_account: OperatorAccountEntity,
} satisfies Record<string, EntityTarget<ObjectLiteral>>;

export type AuditedEntity = keyof typeof AUDITED_ENTITIES;

export interface AuditRecord {
  action: string;
  entityType: AuditedEntity;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditQuery {
  /** Only this county; unset (admins only): every county. */
  countyId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor: { sub: string; role: string; name: string | null };
  countyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/**
 * The audit trail of the transport office's writes: who, when, what, the record before and
 * after. One writer (`record`) for every route marked `@Audited`, fed by snapshots of the
 * record as stored, so it shows what really changed, whichever service made the change.
 */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  /** The record as stored now (a plain JSON value), or null when there is none. */
  async snapshot(entityType: AuditedEntity, id: string): Promise<Record<string, unknown> | null> {
    if (!isUuid(id)) return null;
    const row = await this.ds.getRepository(AUDITED_ENTITIES[entityType]).findOneBy({ id });
    return row ? (JSON.parse(JSON.stringify(row)) as Record<string, unknown>) : null;
  }

  async record(actor: Principal, entry: AuditRecord): Promise<void> {
    const state = entry.after ?? entry.before;
    await this.ds.query(
      `INSERT INTO audit_log (actor_sub, actor_role, actor_name, county_id, action, entity_type,
         entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        actor.sub,
        actor.role,
        actor.name ?? null,
        (await this.countyOf(entry.entityType, state)) ?? actor.countyId ?? null,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before === null ? null : JSON.stringify(entry.before),
        entry.after === null ? null : JSON.stringify(entry.after),
      ],
    );
  }

  async list(q: AuditQuery): Promise<{ items: AuditEntryView[]; total: number }> {
    const qb = this.ds.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (q.countyId) qb.andWhere('a.county_id = :countyId', { countyId: q.countyId });
    if (q.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: q.entityType });
    if (q.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: q.entityId });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.actor) {
      qb.andWhere('(a.actor_sub = :actor OR a.actor_name ILIKE :actorLike)', {
        actor: q.actor,
        actorLike: `%${q.actor.replace(/[%_\\]/g, '\\$&')}%`,
      });
    }
    if (q.from) qb.andWhere('a.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.at < :to', { to: q.to });
    const [rows, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(q.limit)
      .skip(q.offset)
      .getManyAndCount();
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { sub: r.actorSub, role: r.actorRole, name: r.actorName },
        countyId: r.countyId,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
      })),
    };
  }

  /** The county a record belongs to: its own, or through its vehicle (shifts) or rider. */
  private async countyOf(
    entityType: AuditedEntity,
    state: Record<string, unknown> | null,
  ): Promise<string | null> {
    if (!state) return null;
    if (typeof state.countyId === 'string') return state.countyId;
    const via =
      entityType === 'shift'
        ? { table: 'vehicles', id: state.vehicleId }
        : entityType === 'booking'
          ? { table: 'riders', id: state.riderId }
          : null;
    if (!via || typeof via.id !== 'string') return null;
    const [row] = (await this.ds.query(`SELECT county_id FROM ${via.table} WHERE id = $1`, [
      via.id,
    ])) as { county_id: string }[];
    return row?.county_id ?? null;
  }
}
