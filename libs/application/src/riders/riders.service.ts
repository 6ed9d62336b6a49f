import { foldQuery, isUuid, NotFoundError } from '@app/domain';
import { RiderEntity, RiderNeed } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parsePhone } from '../phone/phone-number';

export interface RiderInput {
  name: string;
  phone?: string | null;
  needs?: RiderNeed[];
  notes?: string | null;
  /** Rider messages: by `sms`, in the `app` only, or `none`; German or English. */
  messageChannel?: 'sms' | 'app' | 'none';
  language?: 'de' | 'en';
}

/**
 * Phone numbers as digits in international form, so "06381 123456", "+49 6381 123456" and
 * "0049 6381-123456" are one number (German numbers: a leading 0 stands for +49).
 */
export function normalizePhoneDigits(phone: string): string {
  const d = phone.replace(/\D/g, '');
  if (d.startsWith('00')) return d.slice(2);
  if (d.startsWith('0')) return `49${d.slice(1)}`;
  return d;
}

const PHONE_DIGITS_SQL = `(CASE
  WHEN regexp_replace(coalesce(r.phone, ''), '\\D', '', 'g') LIKE '00%' THEN substr(regexp_replace(r.phone, '\\D', '', 'g'), 3)
  WHEN regexp_replace(coalesce(r.phone, ''), '\\D', '', 'g') LIKE '0%' THEN '49' || substr(regexp_replace(r.phone, '\\D', '', 'g'), 2)
  ELSE regexp_replace(coalesce(r.phone, ''), '\\D', '', 'g') END)`;

/** Riders: registered by the transport office (phone bookings) or on first sign-in. */
@Injectable()
export class RidersService {
  constructor(private readonly ds: DataSource) {}

  async create(countyId: string, input: RiderInput): Promise<RiderEntity> {
    const repo = this.ds.getRepository(RiderEntity);
    return repo.save(
      repo.create({
        countyId,
        name: input.name,
        phone: input.phone ? parsePhone(input.phone).e164 : null,
        needs: input.needs ?? [],
        notes: input.notes ?? null,
        messageChannel: input.messageChannel ?? 'sms',
        language: input.language ?? 'de',
      }),
    );
  }

  async get(id: string, countyId?: string): Promise<RiderEntity> {
    const r = isUuid(id)
      ? await this.ds
          .getRepository(RiderEntity)
          .findOneBy({ id, ...(countyId ? { countyId } : {}) })
      : null;
    if (!r) throw new NotFoundError('rider', id);
    return r;
  }

  async update(id: string, countyId: string, patch: Partial<RiderInput>): Promise<RiderEntity> {
    const r = await this.get(id, countyId);
    Object.assign(r, patch);
    if (patch.phone) r.phone = parsePhone(patch.phone).e164;
    return this.ds.getRepository(RiderEntity).save(r);
  }

  /** The rider's own choice of how to hear of their rides. */
  async setPreferences(
    id: string,
    prefs: Pick<RiderInput, 'messageChannel' | 'language'>,
  ): Promise<RiderEntity> {
    const r = await this.get(id);
    if (prefs.messageChannel) r.messageChannel = prefs.messageChannel;
    if (prefs.language) r.language = prefs.language;
    return this.ds.getRepository(RiderEntity).save(r);
  }

  /** The office finds a caller by name or phone number. */
  async search(countyId: string, q: string | undefined, limit: number): Promise<RiderEntity[]> {
    const qb = this.ds
      .getRepository(RiderEntity)
      .createQueryBuilder('r')
      .where('r.county_id = :countyId', { countyId });
    if (q) {
      const digits = normalizePhoneDigits(q);
      qb.andWhere(
        digits.length >= 4 ? `${PHONE_DIGITS_SQL} LIKE :digits` : `lower(r.name) LIKE :name`,
        { digits: `%${digits}%`, name: `%${foldQuery(q).replace(/[\\%_]/g, '')}%` },
      );
    }
    return qb.orderBy('r.name').limit(limit).getMany();
  }
}
