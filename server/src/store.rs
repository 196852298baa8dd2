//! Vote storage: SQLite (default, one file, WAL) or PostgreSQL (several server instances).
//!
//! Both keep `votes(item, voter, score)` with one row per voter and item, so a second vote
//! replaces the first, and `items(item, count, sum)` updated in the same transaction, so an
//! aggregate is one row read however many votes an article has.

use std::sync::Mutex;

/// An item's aggregate, plus the asking voter's own score.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Aggregate {
    pub count: i64,
    pub sum: i64,
    pub yours: Option<i64>,
}

pub type StoreResult<T> = Result<T, String>;

pub trait Store: Send + Sync {
    fn get(&self, item: &str, voter: Option<&str>) -> StoreResult<Aggregate>;
    /// Records `score` for `voter`, replacing their earlier score; returns the new aggregate.
    fn vote(&self, item: &str, voter: &str, score: i64) -> StoreResult<Aggregate>;
}

const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS votes (
  item TEXT NOT NULL, voter TEXT NOT NULL, score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
  updated_at BIGINT NOT NULL, PRIMARY KEY (item, voter));
CREATE TABLE IF NOT EXISTS items (
  item TEXT PRIMARY KEY, count BIGINT NOT NULL DEFAULT 0, sum BIGINT NOT NULL DEFAULT 0);
";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// SQLite: one connection writes (votes queue on it), another reads, so a vote waiting for the
/// file lock (another process writing, up to `busy_timeout`) never holds up aggregate reads.
pub struct Sqlite {
    path: String,
    writer: Mutex<rusqlite::Connection>,
    reader: Mutex<rusqlite::Connection>,
}

/// How long a write waits for another process's lock on the file before giving up (503).
const SQLITE_BUSY_MS: u32 = 5000;
/// Checkpoint the WAL every this many pages (4 KB each: 2 MB), and truncate it back to at most
/// `WAL_LIMIT` bytes after: SQLite's default lets it grow to ~4 MB and stay there, which filled
/// a small disk. (Every checkpoint costs an fsync: 128 pages measured ~5,300 votes/s against
/// ~8,500 with the default; 512 pages ~5,700.)
const WAL_PAGES: u32 = 512;
const WAL_LIMIT: u32 = 1024 * 1024;

fn sql_err(e: rusqlite::Error) -> String {
    e.to_string()
}

fn connect_sqlite(path: &str) -> StoreResult<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path).map_err(sql_err)?;
    // WAL + synchronous=NORMAL: a committed vote is in the WAL file before we answer 200,
    // so killing the process loses nothing (only a power cut can lose the last moments;
    // set CIVIC_SQLITE_SYNC=FULL to pay for that too).
    let sync = std::env::var("CIVIC_SQLITE_SYNC").unwrap_or_else(|_| "NORMAL".into());
    let sync = if sync.eq_ignore_ascii_case("full") {
        "FULL"
    } else {
        "NORMAL"
    };
    conn.busy_timeout(std::time::Duration::from_millis(u64::from(SQLITE_BUSY_MS)))
        .map_err(sql_err)?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; \
         PRAGMA wal_autocheckpoint={WAL_PAGES}; PRAGMA journal_size_limit={WAL_LIMIT};"
    ))
    .map_err(sql_err)?;
    Ok(conn)
}

impl Sqlite {
    pub fn open(path: &str) -> StoreResult<Sqlite> {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
        }
        let writer = connect_sqlite(path)?;
        migrate_sqlite(&writer)?;
        Ok(Sqlite {
            path: path.to_string(),
            writer: Mutex::new(writer),
            reader: Mutex::new(connect_sqlite(path)?),
        })
    }

    /// A connection that failed in a way only reopening cures (the file was read-only when it
    /// was opened and has been fixed since, or was replaced) is reopened for the next request.
    fn heal(&self, conn: &mut rusqlite::Connection, e: &rusqlite::Error) {
        use rusqlite::ErrorCode::{CannotOpen, ReadOnly, SystemIoFailure};
        if matches!(
            e.sqlite_error_code(),
            Some(ReadOnly | CannotOpen | SystemIoFailure)
        ) {
            if let Ok(fresh) = connect_sqlite(&self.path) {
                *conn = fresh;
            }
        }
    }
}

fn migrate_sqlite(conn: &rusqlite::Connection) -> StoreResult<()> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql_err)?;
    if version < 1 {
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA_V1} PRAGMA user_version = 1; COMMIT;"
        ))
        .map_err(sql_err)?;
    }
    Ok(())
}

fn vote_sqlite(
    conn: &mut rusqlite::Connection,
    item: &str,
    voter: &str,
    score: i64,
) -> rusqlite::Result<Aggregate> {
    use rusqlite::OptionalExtension;
    // IMMEDIATE takes the write lock first, waiting up to busy_timeout for another writer.
    // (A deferred transaction reads first and then fails at once when it cannot upgrade.)
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let old: Option<i64> = tx
        .query_row(
            "SELECT score FROM votes WHERE item=?1 AND voter=?2",
            (item, voter),
            |r| r.get(0),
        )
        .optional()?;
    tx.execute(
        "INSERT INTO votes(item, voter, score, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(item, voter) DO UPDATE SET score=excluded.score, updated_at=excluded.updated_at",
        (item, voter, score, now()),
    )?;
    let (dc, ds) = match old {
        Some(o) => (0, score - o),
        None => (1, score),
    };
    tx.execute(
        "INSERT INTO items(item, count, sum) VALUES (?1, ?2, ?3)
         ON CONFLICT(item) DO UPDATE SET count=count+excluded.count, sum=sum+excluded.sum",
        (item, dc, ds),
    )?;
    let agg = read_sqlite(&tx, item, Some(voter))?;
    tx.commit()?;
    Ok(agg)
}

impl Store for Sqlite {
    fn get(&self, item: &str, voter: Option<&str>) -> StoreResult<Aggregate> {
        let mut conn = self
            .reader
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        read_sqlite(&conn, item, voter).map_err(|e| {
            self.heal(&mut conn, &e);
            sql_err(e)
        })
    }

    fn vote(&self, item: &str, voter: &str, score: i64) -> StoreResult<Aggregate> {
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        vote_sqlite(&mut conn, item, voter, score).map_err(|e| {
            self.heal(&mut conn, &e);
            sql_err(e)
        })
    }
}

/// The aggregate and the voter's score. "No row" means no votes yet; any other failure (a
/// corrupt page, an I/O error) is an error, never a plausible-looking zero.
fn read_sqlite(
    conn: &rusqlite::Connection,
    item: &str,
    voter: Option<&str>,
) -> rusqlite::Result<Aggregate> {
    use rusqlite::OptionalExtension;
    let (count, sum) = conn
        .query_row("SELECT count, sum FROM items WHERE item=?1", [item], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((0, 0));
    let yours = match voter {
        Some(v) => conn
            .query_row(
                "SELECT score FROM votes WHERE item=?1 AND voter=?2",
                (item, v),
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    Ok(Aggregate { count, sum, yours })
}

/// PostgreSQL: a small pool of connections; per-item row locks keep aggregates exact when
/// several server instances write at once. A connection that broke (the database restarted,
/// was read-only, a network cut) is replaced on the next request: no restart of civic-server.
pub struct Postgres {
    config: postgres::Config,
    pool: Vec<Mutex<Option<postgres::Client>>>,
    next: std::sync::atomic::AtomicUsize,
}

/// Every wait inside PostgreSQL is bounded, so one locked row cannot hold a connection (and
/// the request behind it) for long: the vote is answered 503 and the widget sends it again.
const PG_SESSION: &str = "SET lock_timeout = '2s'; SET statement_timeout = '5s'; \
SET idle_in_transaction_session_timeout = '10s'";

type Pooled<'a> = std::sync::MutexGuard<'a, Option<postgres::Client>>;

impl Postgres {
    pub fn open(url: &str, size: usize) -> StoreResult<Postgres> {
        let mut config: postgres::Config =
            url.parse().map_err(|e: postgres::Error| e.to_string())?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(5));
        }
        let pg = Postgres {
            config,
            pool: (0..size.max(1)).map(|_| Mutex::new(None)).collect(),
            next: std::sync::atomic::AtomicUsize::new(0),
        };
        // Connect once at start (a wrong URL is an error now, not at the first vote), and run
        // the migrations; the advisory lock lets several instances start together.
        // A database made read-only for maintenance still starts civic-server (reads work,
        // votes answer 503 until it is writable), so DDL runs only when tables are missing.
        pg.with(|c| {
            let ready: bool = c
                .query_one(
                    "SELECT to_regclass('votes') IS NOT NULL AND to_regclass('items') IS NOT NULL",
                    &[],
                )?
                .get(0);
            if ready {
                return Ok(());
            }
            c.batch_execute(&format!(
                "SELECT pg_advisory_lock(7170); {SCHEMA_V1} SELECT pg_advisory_unlock(7170);"
            ))
        })?;
        Ok(pg)
    }

    fn connect(&self) -> Result<postgres::Client, postgres::Error> {
        let mut c = self.config.connect(postgres::NoTls)?;
        c.batch_execute(PG_SESSION)?;
        Ok(c)
    }

    fn slot(&self) -> StoreResult<Pooled<'_>> {
        let n =
            self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % self.pool.len().max(1);
        self.pool
            .get(n)
            .ok_or_else(|| "no connection".to_string())?
            .lock()
            .map_err(|_| "lock".to_string())
    }

    /// Runs `f` on a pooled connection, connecting first when the slot is empty or its
    /// connection is closed, and dropping the connection after an error that only a new
    /// connection cures.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error>,
    ) -> StoreResult<T> {
        let mut slot = self.slot()?;
        if slot.as_ref().is_none_or(postgres::Client::is_closed) {
            *slot = None;
            *slot = Some(self.connect().map_err(|e| e.to_string())?);
        }
        let Some(client) = slot.as_mut() else {
            return Err("no connection".to_string());
        };
        match f(client) {
            Ok(v) => Ok(v),
            Err(e) => {
                if client.is_closed() || needs_new_connection(&e) {
                    *slot = None;
                }
                Err(match e.as_db_error() {
                    Some(db) => format!("{} ({})", db.message(), db.code().code()),
                    None => e.to_string(),
                })
            }
        }
    }
}

/// Connection failures (class 08), an administrator's shutdown (57P01-57P03) and a read-only
/// session (25006: `default_transaction_read_only` is fixed per session).
fn needs_new_connection(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        let c = c.code();
        c.starts_with("08") || c.starts_with("57P0") || c == "25006"
    })
}

impl Store for Postgres {
    fn get(&self, item: &str, voter: Option<&str>) -> StoreResult<Aggregate> {
        // One round trip: the aggregate and the voter's own score (NULL voter matches nothing;
        // no item row means no votes yet).
        let row = self.with(|c| {
            c.query_one(
                "SELECT (SELECT count FROM items WHERE item=$1),
                        (SELECT sum FROM items WHERE item=$1),
                        (SELECT score::BIGINT FROM votes WHERE item=$1 AND voter=$2)",
                &[&item, &voter],
            )
        })?;
        Ok(Aggregate {
            count: row.get::<_, Option<i64>>(0).unwrap_or(0),
            sum: row.get::<_, Option<i64>>(1).unwrap_or(0),
            yours: row.get(2),
        })
    }

    fn vote(&self, item: &str, voter: &str, score: i64) -> StoreResult<Aggregate> {
        let row = self.with(|c| {
            let mut tx = c.transaction()?;
            // 1. Create or lock the item's row: votes on one item, from any instance, queue here.
            tx.execute(
                "INSERT INTO items(item) VALUES ($1) ON CONFLICT (item) DO UPDATE SET item=EXCLUDED.item",
                &[&item],
            )?;
            // 2. A new statement takes a new snapshot, taken after the lock: it sees every vote
            //    committed on this item, so replacing an earlier score is exact. One round trip.
            let row = tx.query_one(
                "WITH old AS (SELECT score FROM votes WHERE item=$1 AND voter=$2),
                      up AS (INSERT INTO votes(item, voter, score, updated_at) VALUES ($1, $2, $3, $4)
                             ON CONFLICT (item, voter)
                             DO UPDATE SET score=EXCLUDED.score, updated_at=EXCLUDED.updated_at)
                 UPDATE items SET
                   count = count + CASE WHEN EXISTS (SELECT 1 FROM old) THEN 0 ELSE 1 END,
                   sum = sum + $3 - COALESCE((SELECT score FROM old), 0)
                 WHERE item=$1 RETURNING count, sum",
                &[&item, &voter, &(score as i32), &now()],
            )?;
            tx.commit()?;
            Ok(row)
        })?;
        Ok(Aggregate {
            count: row.get(0),
            sum: row.get(1),
            yours: Some(score),
        })
    }
}

/// Opens the store; a PostgreSQL pool gets one connection per request thread (`--threads`).
pub fn open(url: &str, threads: usize) -> StoreResult<Box<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Box::new(Postgres::open(url, threads)?))
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        Ok(Box::new(Sqlite::open(path)?))
    }
}
