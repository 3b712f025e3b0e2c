/**
 * `DATABASE_URL=postgres://… npm run copy-to-postgres` copies the SQLite
 * store in HAILONG_DATA into an empty PostgreSQL database: the same schema
 * (migrated first), every row with its id, the id sequences moved past the
 * copied ids, then a check that every table holds as many rows on both sides
 * and that the rollups equal a recount. Stop the server first: rows written
 * during the copy would be missed.
 */
import { sql, type Kysely } from 'kysely'
import { readConfig } from '../config.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { openDatabase } from '../db/open-database.ts'
import { verifyRollups } from '../store/rebuild-rollups.ts'
import { loadSurveys } from '../surveys/load-surveys.ts'

const CHUNK = 500

/** Tables in an order that satisfies their foreign keys, read from SQLite itself. */
async function tablesInOrder(db: Kysely<any>): Promise<string[]> {
  const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db)).rows.map((r) => r.name)
  const deps = new Map<string, Set<string>>()
  for (const t of tables) {
    const fks = (await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(db)).rows
    deps.set(t, new Set(fks.map((f) => f.table).filter((x) => x !== t)))
  }
  const out: string[] = []
  while (out.length < tables.length) {
    const ready = tables.filter((t) => !out.includes(t) && [...deps.get(t)!].every((d) => out.includes(d)))
    if (!ready.length) throw new Error(`circular foreign keys among ${tables.filter((t) => !out.includes(t)).join(', ')}`)
    out.push(...ready.sort())
  }
  return out
}

async function main(): Promise<number> {
  const config = readConfig()
  if (!config.databaseUrl) {
    console.error('set DATABASE_URL=postgres://… to the empty PostgreSQL database to copy into (HAILONG_DATA names the SQLite store)')
    return 2
  }
  const source = await openDatabase({ ...config, databaseUrl: null })
  const target = await openDatabase(config)
  try {
    if (target.dialect !== 'postgres') throw new Error('DATABASE_URL must name a PostgreSQL database')
    await migrateToLatest(source.db, source.dialect)
    await migrateToLatest(target.db, target.dialect)
    const src = source.db as Kysely<any>
    const dst = target.db as Kysely<any>
    if (await dst.selectFrom('units').select('id').limit(1).executeTakeFirst()) {
      console.error('the PostgreSQL database already has units: copy only into an empty one')
      return 1
    }
    const tables = await tablesInOrder(src)
    await dst.transaction().execute(async (trx) => {
      // The start-up of a server on the empty database may have seeded defaults: the copy replaces them.
      for (const t of [...tables].reverse()) await trx.deleteFrom(t).execute()
      for (const t of tables) {
        // Units refer to their parent: parents (shorter paths) go first.
        const order = t === 'units' ? sql`length(path), id` : sql`rowid`
        let copied = 0
        for (let offset = 0; ; offset += CHUNK) {
          const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t)} order by ${order} limit ${CHUNK} offset ${offset}`.execute(src)).rows
          if (!rows.length) break
          await trx.insertInto(t).values(rows).execute()
          copied += rows.length
        }
        console.log(`${t}: ${copied} rows`)
      }
      // Tables numbered by a sequence (serial ids) continue after the copied ids; text ids have none.
      for (const t of tables) {
        const seq = (await sql<{ seq: string | null }>`select pg_get_serial_sequence(${t}, 'id') as seq from information_schema.columns where table_schema = current_schema() and table_name = ${t} and column_name = 'id'`.execute(trx)).rows[0]?.seq
        if (seq) await sql`select setval(${seq}, coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(trx)
      }
    })
    let differ = 0
    for (const t of tables) {
      const [a, b] = await Promise.all([src, dst].map(async (db) => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)))
      if (a !== b) {
        differ++
        console.error(`${t}: ${a} rows in SQLite, ${b} in PostgreSQL`)
      }
    }
    const mismatched = (await verifyRollups(target.db, target.dialect, loadSurveys(config.surveysDir))).flatMap((c) => c.mismatched)
    if (mismatched.length) console.error(`rollups differ from a recount: ${mismatched.slice(0, 10).join(', ')}`)
    if (differ || mismatched.length) return 1
    console.log('copied; every table matches and the rollups equal a recount')
    return 0
  } finally {
    await source.close()
    await target.close()
  }
}

process.exitCode = await main()
