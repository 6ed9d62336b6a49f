import { Module } from '@nestjs/common';
import { WhatIfService } from './what-if.service';

/**
 * The what-if replay for the operator console. Needs the routing port's stop matrix
 * (`RoutingModule.forRoot`, global) and the database; loads nothing of the live simulator.
 */
@Module({ providers: [WhatIfService], exports: [WhatIfService] })
export class WhatIfModule {}
