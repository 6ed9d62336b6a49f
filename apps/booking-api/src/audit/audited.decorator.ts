import { AuditedEntity } from '@app/application';
import { SetMetadata } from '@nestjs/common';

export const AUDITED = 'audit:audited';

export interface AuditedOptions {
  entity: AuditedEntity;
  /** The verb, e.g. `create`, `update`, `cancel`; the action is `<entity>.<verb>`. */
  verb: string;
  /** Route parameter holding the record's id (default `id`); without it, the answer's `id`. */
  idParam?: string;
  /** Picks another verb from the snapshots, e.g. `publish` when the live area is changed. */
  refine?: (
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ) => string;
}

/**
 * Marks a write route for the audit trail: when an operator or admin calls it, the record is
 * read before and after and both are stored with who and when (see AuditInterceptor).
 */
export const Audited = (options: AuditedOptions) => SetMetadata(AUDITED, options);
