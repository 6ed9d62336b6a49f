import { DispatchJob } from '@app/contracts';
import { Clock } from '@app/domain';
import { DispatchQueueProducer, EventPublisher } from '@app/messaging';
import { BookingEntity, RiderMessageEntity } from '@app/persistence';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmsSenderPort, SmsSendError } from '../auth/sms-sender.port';
import { isPickupNews, pickupNewsIsOver } from './rider-message.outbox';

/**
 * After this many failed attempts a message is given up (`failed`) and shows in the record.
 * When the transport says trying again later may help (throttled, unreachable, down) it is
 * held back far longer (pending, relayed again): {@link MAX_ATTEMPTS_WHILE_PASSING}, some hours
 * of tries at the default retry budget (8 tries a job, a job about a minute), so a provider
 * outage does not lose messages, and a number whose queue stays full does not block the outbox
 * for ever.
 */
const MAX_ATTEMPTS = 8;
const MAX_ATTEMPTS_WHILE_PASSING = 2_000;

export type DeliveryOutcome = 'sent' | 'already' | 'missing' | 'stale';

/**
 * Sends one outbox message: by SMS when the rider chose SMS and has a number, and always in the
 * app (realtime event to the rider). The row is locked while sending and marked sent in the same
 * transaction, so a retried or duplicated job finds it sent and sends nothing. (Should the
 * process die between the provider's acceptance and the commit, the message is sent again:
 * at least once, and once in every case short of that crash.) News about the pickup that is over
 * by delivery time ({@link pickupNewsIsOver}) is marked `stale` and not sent.
 */
@Injectable()
export class RiderMessageDeliveryService {
  private readonly log = new Logger(RiderMessageDeliveryService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly sms: SmsSenderPort,
    private readonly events: EventPublisher,
  ) {}

  /** @throws the transport's error when the SMS was not accepted (the job is retried). */
  async deliver(messageId: string): Promise<DeliveryOutcome> {
    let failure: Error | null = null;
    let sent: RiderMessageEntity | null = null;
    const outcome = await this.ds.transaction(async (em): Promise<DeliveryOutcome> => {
      const m = await em.findOne(RiderMessageEntity, {
        where: { id: messageId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!m) return 'missing';
      if (m.status !== 'pending') return 'already';
      // News about a pickup that is over by now (the bus came, the ride ended or was cancelled)
      // is not sent late: it ends as `stale` and is never relayed again.
      if (isPickupNews(m.kind)) {
        const b = m.bookingId
          ? await em.findOne(BookingEntity, {
              select: { id: true, status: true },
              where: { id: m.bookingId },
            })
          : null;
        if (pickupNewsIsOver(m, b?.status ?? null, this.clock.now())) {
          await em.update(RiderMessageEntity, { id: m.id }, { status: 'stale' });
          return 'stale';
        }
      }
      try {
        if (m.channel === 'sms' && m.phone) await this.sms.send(m.phone, m.body);
      } catch (e) {
        failure = e as Error;
        const attempts = m.attempts + 1;
        await em.update(
          RiderMessageEntity,
          { id: m.id },
          {
            attempts,
            lastError: failure.message.slice(0, 300),
            status:
              attempts >= (isPassing(failure) ? MAX_ATTEMPTS_WHILE_PASSING : MAX_ATTEMPTS)
                ? 'failed'
                : 'pending',
          },
        );
        return 'sent';
      }
      await em.update(
        RiderMessageEntity,
        { id: m.id },
        { status: 'sent', sentAt: this.clock.now(), attempts: m.attempts + 1 },
      );
      sent = m;
      return 'sent';
    });
    if (failure) throw failure;
    const m = sent as RiderMessageEntity | null;
    if (m) {
      await this.events
        .publish('events.rider-message', {
          messageId: m.id,
          riderId: m.riderId,
          bookingId: m.bookingId,
          kind: m.kind,
          text: m.body,
          at: this.clock.now().toISOString(),
        })
        .catch((e: Error) => this.log.warn(`message ${m.id} not shown in the app: ${e.message}`));
    }
    return outcome;
  }
}

/** A failure that may pass: the SMS transport's transient errors. */
const isPassing = (e: Error) => e instanceof SmsSendError && e.transient;

/**
 * The outbox relay: every couple of seconds, hands pending messages to the delivery queue. The
 * job id derives from the event id, so a message already queued is not queued twice, and one
 * whose enqueue was lost (Redis away at commit time) is picked up on the next round. A message
 * still pending whose job has run out of tries (the SMS provider or the database away for longer
 * than the job's retries) is handed on again with a fresh job, as the dispatch sweeper does with
 * bookings: the stale job's id would otherwise keep the new one out for the days it is kept.
 */
@Injectable()
export class RiderMessageRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RiderMessageRelay.name);
  private timer?: NodeJS.Timeout;
  static readonly EVERY_MS = 2_000;

  constructor(
    private readonly ds: DataSource,
    private readonly queue: DispatchQueueProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.relayPending().catch((e: Error) => this.log.warn(`relay failed: ${e.message}`));
    }, RiderMessageRelay.EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** @returns how many pending messages were handed to the queue (again). */
  async relayPending(limit = 200): Promise<number> {
    const pending = await this.ds.getRepository(RiderMessageEntity).find({
      select: { id: true, eventId: true },
      where: { status: 'pending' },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    for (const m of pending) {
      if (await this.queue.hasOpenJob(DispatchJob.deliverRiderMessage, m.eventId)) continue;
      await this.queue.removeJob(DispatchJob.deliverRiderMessage, m.eventId);
      await this.queue.deliverRiderMessage({ messageId: m.id, eventId: m.eventId });
    }
    return pending.length;
  }
}
