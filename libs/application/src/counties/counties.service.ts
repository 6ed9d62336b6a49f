import { NotFoundError } from '@app/domain';
import { CountyEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class CountiesService {
  constructor(private readonly ds: DataSource) {}

  list(): Promise<CountyEntity[]> {
    return this.ds.getRepository(CountyEntity).find({ order: { code: 'ASC' } });
  }

  async byCode(code: string): Promise<CountyEntity> {
    const c = await this.ds.getRepository(CountyEntity).findOneBy({ code });
    if (!c) throw new NotFoundError('county', code);
    return c;
  }
}
