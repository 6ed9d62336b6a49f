import { DISPATCH_QUEUE } from '@app/contracts';
import { ReadinessCheck } from '@app/http';
import { Injectable } from '@nestjs/common';
import { DispatchProcessor } from './dispatch.processor';

/** The worker is ready while its BullMQ consumer runs, unpaused and not closing. */
@Injectable()
export class DispatchConsumerReadiness extends ReadinessCheck {
  readonly key = 'dispatch_consumer';

  constructor(private readonly processor: DispatchProcessor) {
    super();
  }

  check(): Record<string, unknown> {
    const state = this.processor.consumerState();
    if (!state.running || state.paused || state.closing) {
      const why = state.closing ? 'closed' : state.paused ? 'paused' : 'not running';
      throw new Error(`the ${DISPATCH_QUEUE} queue consumer is ${why}`);
    }
    return { queue: DISPATCH_QUEUE };
  }
}
