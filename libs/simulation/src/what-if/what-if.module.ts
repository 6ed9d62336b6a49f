import { ApplicationModule } from '@app/application';
import { Module } from '@nestjs/common';
import { WhatIfService } from './what-if.service';

/**
 * The what-if replay for the operator console. Needs the routing port's stop matrix
 * (`RoutingModule.forRoot`, global), the database and the application's clock (a past day must
 * lie before today); loads nothing of the live simulator.
 */
@Module({ imports: [ApplicationModule], providers: [WhatIfService], exports: [WhatIfService] })
export class WhatIfModule {}
