import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Writes different values into many rows of one table with one statement per set of columns
 * (`UPDATE … FROM (VALUES …)`), instead of a round trip per row: a dispatch batch decides dozens
 * of bookings in one transaction. Like `EntityManager.update`, it bumps the entity's update date
 * and version columns.
 */
export async function updateEach<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: ReadonlyArray<{ id: string; values: Partial<T> }>,
): Promise<void> {
  const meta = em.connection.getMetadata(target);
  const groups = new Map<string, Array<{ id: string; values: Partial<T> }>>();
  for (const r of rows) {
    const key = Object.keys(r.values).sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const idColumn = meta.primaryColumns[0];
  for (const [key, group] of groups) {
    const columns = [
      idColumn,
      ...key
        .split(',')
        .filter(Boolean)
        .map((p) => {
          const c = meta.findColumnWithPropertyName(p);
          if (!c) throw new Error(`${meta.name} has no column ${p}`);
          return c;
        }),
    ];
    const types = columns.map((c) => em.connection.driver.normalizeType(c));
    const params: unknown[] = [];
    const tuples = group.map(
      (r) =>
        `(${columns
          .map((c, i) => {
            const v = i === 0 ? r.id : (r.values as Record<string, unknown>)[c.propertyName];
            // node-postgres sends a JS array as a PostgreSQL array: a json column takes its text.
            const json = (types[i] === 'jsonb' || types[i] === 'json') && v != null;
            params.push(json ? JSON.stringify(v) : v);
            return `$${params.length}::${types[i]}`;
          })
          .join(', ')})`,
    );
    const sets = columns.slice(1).map((c) => `${q(c.databaseName)} = v.${q(c.databaseName)}`);
    if (meta.updateDateColumn) sets.push(`${q(meta.updateDateColumn.databaseName)} = now()`);
    if (meta.versionColumn) {
      const v = q(meta.versionColumn.databaseName);
      sets.push(`${v} = t.${v} + 1`);
    }
    await em.query(
      `UPDATE ${q(meta.tableName)} AS t SET ${sets.join(', ')}
         FROM (VALUES ${tuples.join(', ')}) AS v(${columns.map((c) => q(c.databaseName)).join(', ')})
        WHERE t.${q(idColumn.databaseName)} = v.${q(idColumn.databaseName)}`,
      params,
    );
  }
}
