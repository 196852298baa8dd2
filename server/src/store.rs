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

    /// Adds a batch of page views and new visitors per local day, in one transaction.
    fn stats_add(&self, rows: &[DayCount]) -> StoreResult<()>;
    /// The counted figures for the periods of `at`, historic starting figures included.
    fn stats_read(&self, at: &Periods) -> StoreResult<Figures>;
    /// Sets a starting figure (`stats import`): `scope` is `total`, `year:2026`,
    /// `month:2026-11` or `day:2026-11-27`; the figure shown becomes `views`.
    fn stats_base(&self, scope: &str, views: i64) -> StoreResult<()>;
    /// Whether any starting figure was ever imported.
    fn stats_imported(&self) -> StoreResult<bool>;
    /// Publishes this instance's "online now" count and returns the sum over every instance
    /// that published within `fresh_since` (several instances on one PostgreSQL). SQLite has
    /// one instance: `online` itself.
    fn stats_online(
        &self,
        instance: &str,
        online: i64,
        now: i64,
        fresh_since: i64,
    ) -> StoreResult<i64>;
}

/// Page views and first-time visitors counted on one local day (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayCount {
    pub day: String,
    pub views: i64,
    pub visitors: i64,
}

/// The local periods a figure is read for: `2026-11-27`, `2026-11-26`, `2026-11`, `2026`.
#[derive(Debug, Clone, PartialEq)]
pub struct Periods {
    pub today: String,
    pub yesterday: String,
    pub month: String,
    pub year: String,
}

/// Page views per period, and visitors for today and yesterday.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figures {
    pub today: i64,
    pub yesterday: i64,
    pub month: i64,
    pub year: i64,
    pub total: i64,
    pub visitors_today: i64,
    pub visitors_yesterday: i64,
}

impl Figures {
    /// Adds counts not yet written to the database.
    pub fn add(&mut self, at: &Periods, c: &DayCount) {
        if c.day == at.today {
            self.today += c.views;
            self.visitors_today += c.visitors;
        }
        if c.day == at.yesterday {
            self.yesterday += c.views;
            self.visitors_yesterday += c.visitors;
        }
        if c.day.starts_with(&at.month) {
            self.month += c.views;
        }
        if c.day.starts_with(&at.year) {
            self.year += c.views;
        }
        self.total += c.views;
    }
}

/// Daily rows, and the starting figures a portal brought from its old counter. No visitor
/// hash, address or user agent is ever stored: visitors are counted in memory (stats.rs).
const SCHEMA_V2: &str = "
CREATE TABLE IF NOT EXISTS stats_days (
  day TEXT PRIMARY KEY, views BIGINT NOT NULL DEFAULT 0, visitors BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS stats_base (scope TEXT PRIMARY KEY, views BIGINT NOT NULL);
";

/// Sums the daily rows per period in one pass (`?1` today, `?2` yesterday, `?3` month,
/// `?4` year; days are `YYYY-MM-DD` text, so a prefix is a period).
const STATS_SUMS: &str = "SELECT
  CAST(COALESCE(SUM(CASE WHEN day = $1 THEN views END), 0) AS BIGINT),
  CAST(COALESCE(SUM(CASE WHEN day = $2 THEN views END), 0) AS BIGINT),
  CAST(COALESCE(SUM(CASE WHEN substr(day, 1, 7) = $3 THEN views END), 0) AS BIGINT),
  CAST(COALESCE(SUM(CASE WHEN substr(day, 1, 4) = $4 THEN views END), 0) AS BIGINT),
  CAST(COALESCE(SUM(views), 0) AS BIGINT),
  CAST(COALESCE(SUM(CASE WHEN day = $1 THEN visitors END), 0) AS BIGINT),
  CAST(COALESCE(SUM(CASE WHEN day = $2 THEN visitors END), 0) AS BIGINT)
FROM stats_days";

/// The starting figures that apply to these periods.
const STATS_BASES: &str = "SELECT scope, views FROM stats_base
  WHERE scope IN ('total', 'year:' || $4, 'month:' || $3, 'day:' || $1, 'day:' || $2)";

/// Applies starting figures to counted ones.
fn with_bases(mut f: Figures, at: &Periods, bases: &[(String, i64)]) -> Figures {
    for (scope, v) in bases {
        match scope.split_once(':') {
            None if scope == "total" => f.total += v,
            Some(("year", _)) => f.year += v,
            Some(("month", _)) => f.month += v,
            Some(("day", d)) if d == at.today => f.today += v,
            Some(("day", d)) if d == at.yesterday => f.yesterday += v,
            _ => {}
        }
    }
    f
}

/// The daily rows a starting-figure scope covers: (SQL condition on `day`, its argument).
/// `None` for a scope that is not one of `total`, `year:YYYY`, `month:YYYY-MM`, `day:YYYY-MM-DD`.
pub fn scope_rows(scope: &str) -> Option<(&'static str, String)> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str, parts: &[usize]| {
        let p: Vec<&str> = s.split('-').collect();
        p.len() == parts.len() && p.iter().zip(parts).all(|(x, n)| digits(x, *n))
    };
    match scope.split_once(':') {
        None if scope == "total" => Some(("$1 = ''", String::new())),
        Some(("year", y)) if date(y, &[4]) => Some(("substr(day, 1, 4) = $1", y.to_string())),
        Some(("month", m)) if date(m, &[4, 2]) => Some(("substr(day, 1, 7) = $1", m.to_string())),
        Some(("day", d)) if date(d, &[4, 2, 2]) => Some(("day = $1", d.to_string())),
        _ => None,
    }
}

/// SQLite numbers its parameters `?1`; the shared queries are written with PostgreSQL's `$1`.
fn lite(sql: &str) -> String {
    sql.replace('$', "?")
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
    if version < 2 {
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA_V2} PRAGMA user_version = 2; COMMIT;"
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

fn stats_add_sqlite(conn: &mut rusqlite::Connection, rows: &[DayCount]) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut up = tx.prepare_cached(
            "INSERT INTO stats_days(day, views, visitors) VALUES (?1, ?2, ?3)
             ON CONFLICT(day) DO UPDATE SET views = views + excluded.views,
                                            visitors = visitors + excluded.visitors",
        )?;
        for r in rows {
            up.execute((&r.day, r.views, r.visitors))?;
        }
    }
    tx.commit()
}

fn stats_read_sqlite(conn: &rusqlite::Connection, at: &Periods) -> rusqlite::Result<Figures> {
    let args = (&at.today, &at.yesterday, &at.month, &at.year);
    let f = conn.query_row(&lite(STATS_SUMS), args, |r| {
        Ok(Figures {
            today: r.get(0)?,
            yesterday: r.get(1)?,
            month: r.get(2)?,
            year: r.get(3)?,
            total: r.get(4)?,
            visitors_today: r.get(5)?,
            visitors_yesterday: r.get(6)?,
        })
    })?;
    let mut q = conn.prepare_cached(&lite(STATS_BASES))?;
    let bases = q
        .query_map(args, |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, i64)>>>()?;
    Ok(with_bases(f, at, &bases))
}

fn stats_base_sqlite(conn: &mut rusqlite::Connection, scope: &str, views: i64) -> StoreResult<()> {
    let (cond, arg) = scope_rows(scope).ok_or_else(|| format!("unknown scope {scope}"))?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sql_err)?;
    let counted: i64 = tx
        .query_row(
            &lite(&format!(
                "SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT) FROM stats_days WHERE {cond}"
            )),
            [&arg],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    tx.execute(
        "INSERT INTO stats_base(scope, views) VALUES (?1, ?2)
         ON CONFLICT(scope) DO UPDATE SET views = excluded.views",
        (scope, views - counted),
    )
    .map_err(sql_err)?;
    tx.commit().map_err(sql_err)
}

impl Store for Sqlite {
    fn stats_add(&self, rows: &[DayCount]) -> StoreResult<()> {
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        stats_add_sqlite(&mut conn, rows).map_err(|e| {
            self.heal(&mut conn, &e);
            sql_err(e)
        })
    }

    fn stats_read(&self, at: &Periods) -> StoreResult<Figures> {
        let mut conn = self
            .reader
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        stats_read_sqlite(&conn, at).map_err(|e| {
            self.heal(&mut conn, &e);
            sql_err(e)
        })
    }

    fn stats_base(&self, scope: &str, views: i64) -> StoreResult<()> {
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        stats_base_sqlite(&mut conn, scope, views)
    }

    fn stats_imported(&self) -> StoreResult<bool> {
        let conn = self
            .reader
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        conn.query_row("SELECT EXISTS (SELECT 1 FROM stats_base)", [], |r| r.get(0))
            .map_err(sql_err)
    }

    fn stats_online(&self, _: &str, online: i64, _: i64, _: i64) -> StoreResult<i64> {
        Ok(online)
    }

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
                    "SELECT to_regclass('votes') IS NOT NULL AND to_regclass('items') IS NOT NULL
                        AND to_regclass('stats_days') IS NOT NULL
                        AND to_regclass('stats_online') IS NOT NULL",
                    &[],
                )?
                .get(0);
            if ready {
                return Ok(());
            }
            c.batch_execute(&format!(
                "SELECT pg_advisory_lock(7170); {SCHEMA_V1} {SCHEMA_V2} {PG_ONLINE}
                 SELECT pg_advisory_unlock(7170);"
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

/// Each instance's "online now" count, refreshed every batch window: the sum over the
/// instances heard from recently is the site's figure. Unlogged: worthless after a crash.
const PG_ONLINE: &str = "CREATE UNLOGGED TABLE IF NOT EXISTS stats_online (
  instance TEXT PRIMARY KEY, online BIGINT NOT NULL, at BIGINT NOT NULL);";

impl Store for Postgres {
    fn stats_add(&self, rows: &[DayCount]) -> StoreResult<()> {
        self.with(|c| {
            let mut tx = c.transaction()?;
            let up = tx.prepare(
                "INSERT INTO stats_days(day, views, visitors) VALUES ($1, $2, $3)
                 ON CONFLICT (day) DO UPDATE SET views = stats_days.views + EXCLUDED.views,
                                                 visitors = stats_days.visitors + EXCLUDED.visitors",
            )?;
            for r in rows {
                tx.execute(&up, &[&r.day, &r.views, &r.visitors])?;
            }
            tx.commit()
        })
    }

    fn stats_read(&self, at: &Periods) -> StoreResult<Figures> {
        let (f, bases) = self.with(|c| {
            let args: [&(dyn postgres::types::ToSql + Sync); 4] =
                [&at.today, &at.yesterday, &at.month, &at.year];
            let r = c.query_one(STATS_SUMS, &args)?;
            let f = Figures {
                today: r.get(0),
                yesterday: r.get(1),
                month: r.get(2),
                year: r.get(3),
                total: r.get(4),
                visitors_today: r.get(5),
                visitors_yesterday: r.get(6),
            };
            let bases: Vec<(String, i64)> = c
                .query(STATS_BASES, &args)?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            Ok((f, bases))
        })?;
        Ok(with_bases(f, at, &bases))
    }

    fn stats_base(&self, scope: &str, views: i64) -> StoreResult<()> {
        let (cond, arg) = scope_rows(scope).ok_or_else(|| format!("unknown scope {scope}"))?;
        self.with(|c| {
            let mut tx = c.transaction()?;
            tx.execute("LOCK TABLE stats_days IN SHARE MODE", &[])?;
            let counted: i64 = tx
                .query_one(
                    &format!("SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT) FROM stats_days WHERE {cond}"),
                    &[&arg],
                )?
                .get(0);
            tx.execute(
                "INSERT INTO stats_base(scope, views) VALUES ($1, $2)
                 ON CONFLICT (scope) DO UPDATE SET views = EXCLUDED.views",
                &[&scope, &(views - counted)],
            )?;
            tx.commit()
        })
    }

    fn stats_imported(&self) -> StoreResult<bool> {
        self.with(|c| {
            Ok(
                c.query_one("SELECT EXISTS (SELECT 1 FROM stats_base)", &[])?
                    .get(0),
            )
        })
    }

    fn stats_online(
        &self,
        instance: &str,
        online: i64,
        now: i64,
        fresh_since: i64,
    ) -> StoreResult<i64> {
        self.with(|c| {
            let r = c.query_one(
                "WITH me AS (INSERT INTO stats_online(instance, online, at) VALUES ($1, $2, $3)
                             ON CONFLICT (instance) DO UPDATE SET online = EXCLUDED.online, at = EXCLUDED.at)
                 SELECT CAST(COALESCE(SUM(online), 0) AS BIGINT) + $2 FROM stats_online
                 WHERE at >= $4 AND instance <> $1",
                &[&instance, &online, &now, &fresh_since],
            )?;
            Ok(r.get(0))
        })
    }

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
