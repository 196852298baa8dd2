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

pub struct Sqlite {
    conn: Mutex<rusqlite::Connection>,
}

impl Sqlite {
    pub fn open(path: &str) -> StoreResult<Sqlite> {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
        }
        let conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
        // WAL + synchronous=NORMAL: a committed vote is in the WAL file before we answer 200,
        // so killing the process loses nothing (only a power cut can lose the last moments;
        // set CIVIC_SQLITE_SYNC=FULL to pay for that too).
        let sync = std::env::var("CIVIC_SQLITE_SYNC").unwrap_or_else(|_| "NORMAL".into());
        let sync = if sync.eq_ignore_ascii_case("full") {
            "FULL"
        } else {
            "NORMAL"
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout=5000;"
        ))
        .map_err(|e| e.to_string())?;
        migrate_sqlite(&conn)?;
        Ok(Sqlite {
            conn: Mutex::new(conn),
        })
    }
}

fn migrate_sqlite(conn: &rusqlite::Connection) -> StoreResult<()> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version < 1 {
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA_V1} PRAGMA user_version = 1; COMMIT;"
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

impl Store for Sqlite {
    fn get(&self, item: &str, voter: Option<&str>) -> StoreResult<Aggregate> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        read_sqlite(&conn, item, voter)
    }

    fn vote(&self, item: &str, voter: &str, score: i64) -> StoreResult<Aggregate> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| "database lock poisoned".to_string())?;
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        let old: Option<i64> = tx
            .query_row(
                "SELECT score FROM votes WHERE item=?1 AND voter=?2",
                (item, voter),
                |r| r.get(0),
            )
            .ok();
        tx.execute(
            "INSERT INTO votes(item, voter, score, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(item, voter) DO UPDATE SET score=excluded.score, updated_at=excluded.updated_at",
            (item, voter, score, now()),
        )
        .map_err(|e| e.to_string())?;
        let (dc, ds) = match old {
            Some(o) => (0, score - o),
            None => (1, score),
        };
        tx.execute(
            "INSERT INTO items(item, count, sum) VALUES (?1, ?2, ?3)
             ON CONFLICT(item) DO UPDATE SET count=count+excluded.count, sum=sum+excluded.sum",
            (item, dc, ds),
        )
        .map_err(|e| e.to_string())?;
        let agg = read_sqlite(&tx, item, Some(voter))?;
        tx.commit().map_err(|e| e.to_string())?;
        Ok(agg)
    }
}

fn read_sqlite(
    conn: &rusqlite::Connection,
    item: &str,
    voter: Option<&str>,
) -> StoreResult<Aggregate> {
    let (count, sum) = conn
        .query_row("SELECT count, sum FROM items WHERE item=?1", [item], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap_or((0, 0));
    let yours = match voter {
        Some(v) => conn
            .query_row(
                "SELECT score FROM votes WHERE item=?1 AND voter=?2",
                (item, v),
                |r| r.get(0),
            )
            .ok(),
        None => None,
    };
    Ok(Aggregate { count, sum, yours })
}

/// PostgreSQL: a small pool of connections; per-item row locks keep aggregates exact when
/// several server instances write at once.
pub struct Postgres {
    pool: Vec<Mutex<postgres::Client>>,
    next: std::sync::atomic::AtomicUsize,
}

impl Postgres {
    pub fn open(url: &str, size: usize) -> StoreResult<Postgres> {
        let mut pool = Vec::new();
        for _ in 0..size.max(1) {
            let client =
                postgres::Client::connect(url, postgres::NoTls).map_err(|e| e.to_string())?;
            pool.push(Mutex::new(client));
        }
        if let Some(first) = pool.first() {
            let mut c = first.lock().map_err(|_| "lock".to_string())?;
            // Migrations run at start; the advisory lock lets several instances start together.
            c.batch_execute(&format!(
                "SELECT pg_advisory_lock(7170); {SCHEMA_V1} SELECT pg_advisory_unlock(7170);"
            ))
            .map_err(|e| e.to_string())?;
        }
        Ok(Postgres {
            pool,
            next: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    fn client(&self) -> StoreResult<std::sync::MutexGuard<'_, postgres::Client>> {
        let n =
            self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % self.pool.len().max(1);
        self.pool
            .get(n)
            .ok_or_else(|| "no connection".to_string())?
            .lock()
            .map_err(|_| "lock".to_string())
    }
}

impl Store for Postgres {
    fn get(&self, item: &str, voter: Option<&str>) -> StoreResult<Aggregate> {
        let mut c = self.client()?;
        // One round trip: the aggregate and the voter's own score (NULL voter matches nothing).
        let row = c
            .query_one(
                "SELECT (SELECT count FROM items WHERE item=$1),
                        (SELECT sum FROM items WHERE item=$1),
                        (SELECT score::BIGINT FROM votes WHERE item=$1 AND voter=$2)",
                &[&item, &voter],
            )
            .map_err(|e| e.to_string())?;
        Ok(Aggregate {
            count: row.get::<_, Option<i64>>(0).unwrap_or(0),
            sum: row.get::<_, Option<i64>>(1).unwrap_or(0),
            yours: row.get(2),
        })
    }

    fn vote(&self, item: &str, voter: &str, score: i64) -> StoreResult<Aggregate> {
        let mut c = self.client()?;
        let mut tx = c.transaction().map_err(|e| e.to_string())?;
        // 1. Create or lock the item's row: votes on one item, from any instance, queue here.
        tx.execute(
            "INSERT INTO items(item) VALUES ($1) ON CONFLICT (item) DO UPDATE SET item=EXCLUDED.item",
            &[&item],
        )
        .map_err(|e| e.to_string())?;
        // 2. A new statement takes a new snapshot, taken after the lock: it sees every vote
        //    committed on this item, so replacing an earlier score is exact. One round trip.
        let row = tx
            .query_one(
                "WITH old AS (SELECT score FROM votes WHERE item=$1 AND voter=$2),
                      up AS (INSERT INTO votes(item, voter, score, updated_at) VALUES ($1, $2, $3, $4)
                             ON CONFLICT (item, voter)
                             DO UPDATE SET score=EXCLUDED.score, updated_at=EXCLUDED.updated_at)
                 UPDATE items SET
                   count = count + CASE WHEN EXISTS (SELECT 1 FROM old) THEN 0 ELSE 1 END,
                   sum = sum + $3 - COALESCE((SELECT score FROM old), 0)
                 WHERE item=$1 RETURNING count, sum",
                &[&item, &voter, &(score as i32), &now()],
            )
            .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
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
