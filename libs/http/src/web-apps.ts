import type { NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Serves every built browser app in `webDir` (one folder each, e.g. dist/web/rider) at
 * /<folder>/, with unknown paths below it answered by its index.html (client-side routing).
 * @returns the names of the apps served
 */
export function serveWebApps(app: NestExpressApplication, webDir: string): string[] {
  const dir = resolve(webDir);
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'index.html')))
    .map((d) => d.name);
  for (const name of names) {
    app.useStaticAssets(join(dir, name), {
      prefix: `/${name}/`,
      index: 'index.html',
      maxAge: '1h',
    });
    app.use(`/${name}`, (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.includes('.')) return next();
      res.sendFile(join(dir, name, 'index.html'));
    });
  }
  return names;
}
