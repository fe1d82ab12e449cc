import Database from 'better-sqlite3';

/**
 * Every better-sqlite3 object made here stays reachable for the life of the process. better-sqlite3 12 on Node 24
 * aborts the process (SIGABRT, "Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook) when one of
 * its databases or statements is garbage collected outside a JavaScript context, as the final GC at exit does:
 * node::ObjectWrap's destructor changed in Node 24, and better-sqlite3 13, which no longer uses it, needs Node 22.
 * (WiseLibs/better-sqlite3#1515.) A run makes a handful of them, each closed as usual; keeping them costs nothing.
 */
const KEPT = new Set<object>();

/**
 * A database whose statements, transaction()'s included, are never collected. pragma() prepares on the native
 * handle, past this: use exec('PRAGMA ...') instead.
 */
export function openSqlite(path: string, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  KEPT.add(db);
  const prepare = db.prepare.bind(db);
  db.prepare = ((...args: Parameters<typeof prepare>) => {
    const statement = prepare(...args);
    KEPT.add(statement);
    return statement;
  }) as typeof prepare;
  return db;
}
