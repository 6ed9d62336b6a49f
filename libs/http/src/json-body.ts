import type { Express, NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { ErrorBody } from './problem';

/**
 * JSON body parsing with a JSON answer for malformed bodies. Express's own parser answers those
 * with an HTML page before Nest sees the request, so parse errors are caught right after it.
 */
export function installJsonBody(app: Express, limit = '100kb'): void {
  app.use(json({ limit, strict: true }));
  app.use(
    (
      err: { type?: string; status?: number; message?: string },
      _req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      if (!err || !err.type) return next(err);
      const status = err.status ?? 400;
      const body: ErrorBody = {
        statusCode: status,
        error:
          status === 413
            ? 'Payload Too Large'
            : status === 415
              ? 'Unsupported Media Type'
              : 'Bad Request',
        code: err.type === 'entity.parse.failed' ? 'malformed_json' : err.type.replace(/\./g, '_'),
        message:
          err.type === 'entity.parse.failed'
            ? `request body is not valid JSON: ${err.message}`
            : (err.message ?? 'bad body'),
        errors: [
          {
            field: 'body',
            reason:
              err.type === 'entity.parse.failed'
                ? 'is not valid JSON'
                : (err.message ?? 'bad body'),
          },
        ],
      };
      res.status(status).json(body);
    },
  );
}
