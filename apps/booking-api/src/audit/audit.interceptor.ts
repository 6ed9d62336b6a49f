import { AuditService } from '@app/application';
import { isOffice, Principal } from '@app/domain';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, from, Observable, switchMap } from 'rxjs';
import { AUDITED, AuditedOptions } from './audited.decorator';

/**
 * The one place that records the office's writes: for routes marked `@Audited`, called by an
 * operator or admin, it snapshots the record before the handler runs and after it succeeded
 * and hands both to AuditService. Riders' and drivers' writes are not audited here (bookings
 * keep their own status history). A failed write records nothing; a failure to record is
 * logged and does not undo the write.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly log = new Logger(AuditInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<AuditedOptions | undefined>(AUDITED, ctx.getHandler());
    if (!options || ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<{
      principal?: Principal;
      params?: Record<string, string>;
    }>();
    const principal = req.principal;
    if (!principal || !isOffice(principal)) return next.handle();
    const paramId = req.params?.[options.idParam ?? 'id'];
    const before = paramId ? this.audit.snapshot(options.entity, paramId) : Promise.resolve(null);
    return from(before).pipe(
      switchMap((snapshotBefore) =>
        next.handle().pipe(
          concatMap(async (result: unknown) => {
            const id = paramId ?? idOf(result);
            const after = id ? await this.audit.snapshot(options.entity, id) : null;
            const verb = options.refine?.(snapshotBefore, after) ?? options.verb;
            await this.audit
              .record(principal, {
                action: `${options.entity}.${verb}`,
                entityType: options.entity,
                entityId: id,
                before: snapshotBefore,
                after,
              })
              .catch((e: Error) => this.log.error(`audit entry not written: ${e.message}`));
            return result;
          }),
        ),
      ),
    );
  }
}

function idOf(result: unknown): string | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as { id?: unknown; account?: { id?: unknown } };
  if (typeof r.id === 'string') return r.id;
  return typeof r.account?.id === 'string' ? r.account.id : null;
}
