import { AuthSessionService } from '@app/auth';
import { ForbiddenError, isUuid, NotFoundError, Principal } from '@app/domain';
import { CountyEntity, OperatorAccountEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere } from 'typeorm';
import {
  createOperatorAccount,
  CreatedOperatorAccount,
  NewOperatorAccount,
} from './operator-accounts';

/**
 * Admins manage the local office accounts: list, create, switch off and on. An admin acting
 * for a county (an admin of that county, or an admin of every county naming it in
 * `X-County-Id`: `admin.countyId`) manages that county's accounts only; only an admin of every
 * county acting for none manages every county's, and creates admins of every county.
 */
@Injectable()
export class OperatorAccountsService {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: AuthSessionService,
  ) {}

  list(admin: Principal): Promise<OperatorAccountEntity[]> {
    return this.ds.getRepository(OperatorAccountEntity).find({
      where: this.managedBy(admin),
      order: { email: 'ASC' },
    });
  }

  /** @throws ForbiddenError for an account outside the county the admin acts for */
  async create(admin: Principal, input: NewOperatorAccount): Promise<CreatedOperatorAccount> {
    if (admin.countyId) {
      const own = await this.ds.getRepository(CountyEntity).findOneByOrFail({ id: admin.countyId });
      if (input.countyCode !== own.code) {
        throw new ForbiddenError(
          input.countyCode === undefined
            ? `countyCode: you act for county ${own.code} and create accounts of it only; an ` +
                'account without a county is an admin of every county, which only an admin of ' +
                'every county may create'
            : `countyCode: you act for county ${own.code} and create accounts of it only, not of ${input.countyCode}`,
        );
      }
    }
    return createOperatorAccount(this.ds, input);
  }

  /**
   * Switching an account off also ends its sessions at once.
   * @throws NotFoundError also for an account outside the county the admin acts for
   */
  async setActive(admin: Principal, id: string, active: boolean): Promise<OperatorAccountEntity> {
    const repo = this.ds.getRepository(OperatorAccountEntity);
    const account = isUuid(id) ? await repo.findOneBy({ ...this.managedBy(admin), id }) : null;
    if (!account) throw new NotFoundError('operator account', id);
    await repo.update({ id }, { active });
    if (!active) await this.sessions.signOutEverywhere(`local:${id}`);
    return (await repo.findOneBy({ id }))!;
  }

  /** The accounts an admin manages: those of the county it acts for, or with none, all. */
  private managedBy(admin: Principal): FindOptionsWhere<OperatorAccountEntity> {
    return admin.countyId ? { countyId: admin.countyId } : {};
  }
}
