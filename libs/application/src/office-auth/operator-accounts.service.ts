import { AuthSessionService } from '@app/auth';
import { NotFoundError } from '@app/domain';
import { OperatorAccountEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  createOperatorAccount,
  CreatedOperatorAccount,
  NewOperatorAccount,
} from './operator-accounts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Admins manage the local office accounts: list, create, switch off and on. */
@Injectable()
export class OperatorAccountsService {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: AuthSessionService,
  ) {}

  list(countyId?: string): Promise<OperatorAccountEntity[]> {
    return this.ds.getRepository(OperatorAccountEntity).find({
      where: countyId ? { countyId } : {},
      order: { email: 'ASC' },
    });
  }

  create(input: NewOperatorAccount): Promise<CreatedOperatorAccount> {
    return createOperatorAccount(this.ds, input);
  }

  /** Switching an account off also ends its sessions at once. */
  async setActive(id: string, active: boolean): Promise<OperatorAccountEntity> {
    const repo = this.ds.getRepository(OperatorAccountEntity);
    const account = UUID.test(id) ? await repo.findOneBy({ id }) : null;
    if (!account) throw new NotFoundError('operator account', id);
    await repo.update({ id }, { active });
    if (!active) await this.sessions.signOutEverywhere(`local:${id}`);
    return (await repo.findOneBy({ id }))!;
  }
}
