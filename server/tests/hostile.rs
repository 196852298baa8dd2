//! civic-server under hostile clients and failing databases (issue #16), against the real
//! binary over real sockets. Every test here failed on the server before that issue.
//! PostgreSQL tests run when `CIVIC_TEST_POSTGRES` is set (scripts/test.sh starts one).

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::*;

const SEC: Duration = Duration::from_secs(1);

/// Open file descriptors of a process (its sockets among them).
fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

/// (1) Clients that pipeline requests and never read their answers (4,100 connections from one
/// address, more than the server's global cap) must not lock anyone out, and must not hold
/// their connections: a stalled write ends the connection after the write timeout (10 s).
#[test]
fn clients_that_never_read_lock_nobody_out() {
    use socket2::{Domain, Socket, Type};
    let srv = start_sqlite("slow-readers", &["--rate-limit", "0"]);
    std::fs::write(srv.dir.join("www/big.bin"), vec![b'x'; 256 * 1024]).unwrap();
    let p = srv.port;
    let pipelined = "GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n".repeat(4);
    let server: SocketAddr = ([127, 0, 0, 1], p).into();
    let attacker: SocketAddr = ([127, 0, 0, 2], 0).into();
    let mut held = Vec::new();
    let (mut dropped, end) = (0, Instant::now() + 30 * SEC);
    while held.len() < 4100 && dropped < 50 && Instant::now() < end {
        let s = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        s.set_recv_buffer_size(4096).unwrap(); // a tiny window: the server's writes stall
        s.bind(&attacker.into()).unwrap();
        // A full accept queue drops new connections (the old server: once 4,096 were held).
        if s.connect_timeout(&server.into(), 3 * SEC).is_err() {
            dropped += 1;
            continue;
        }
        let mut s: TcpStream = s.into();
        let _ = s.write_all(pipelined.as_bytes());
        held.push(s);
    }
    assert!(
        held.len() > 4000,
        "only {} attacker connections",
        held.len()
    );
    let t0 = Instant::now();
    // A visitor from another address is answered at once.
    let fresh = request_within(3 * SEC, p, "GET", "/index.html", &[], "");
    assert_eq!(
        fresh.map(|r| r.status),
        Some(200),
        "a fresh client was locked out"
    );
    // Once the write timeout has passed, the server holds none of those connections.
    std::thread::sleep((t0 + 13 * SEC).saturating_duration_since(Instant::now()));
    let fds = open_fds(srv.child.id());
    assert!(fds < 64, "the server still holds {fds} descriptors");
    assert_eq!(
        request_within(3 * SEC, p, "GET", "/index.html", &[], "").map(|r| r.status),
        Some(200)
    );
    drop(held);
}

/// A throwaway PostgreSQL cluster of this test's own (it is stopped and restarted).
struct Cluster {
    url: String,
    dir: String,
}

impl Cluster {
    fn new() -> Option<Cluster> {
        std::env::var("CIVIC_TEST_POSTGRES").ok()?;
        let out = Command::new("bash").arg(pg_sh()).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let field = |name: &str| {
            text.split(&format!("export {name}="))
                .nth(1)
                .and_then(|r| r.split([';', '\n']).next())
                .unwrap()
                .to_string()
        };
        Some(Cluster {
            url: field("CIVIC_TEST_POSTGRES"),
            dir: field("CIVIC_PG_DIR"),
        })
    }

    fn ctl(&self, what: &str) {
        assert!(Command::new("bash")
            .arg(pg_sh())
            .args([what, &self.dir])
            .status()
            .unwrap()
            .success());
    }

    fn admin(&self) -> postgres::Client {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        c.batch_execute("SET default_transaction_read_only = off")
            .unwrap();
        c
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(pg_sh())
            .args(["stop", &self.dir])
            .status();
    }
}

fn pg_sh() -> String {
    format!("{}/../scripts/pg.sh", env!("CARGO_MANIFEST_DIR"))
}

/// Polls `f` for up to `limit`; true once it holds.
fn eventually(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// (2) PostgreSQL stopped and restarted under a running civic-server: 503 while it is down, then
/// answers again without restarting civic-server. Likewise a database that was read-only when
/// civic-server started accepts votes once it is made writable.
#[test]
fn postgres_restarts_and_read_only_spells_are_survived() {
    let Some(pg) = Cluster::new() else {
        eprintln!("CIVIC_TEST_POSTGRES not set: skipped");
        return;
    };
    let srv = start(&pg.url, temp_dir("pg-restart"), &["--threads", "2"]);
    let p = srv.port;
    assert_eq!(vote(p, "restart", "voter-rrrr0001", 4).status, 200);
    pg.ctl("pause");
    let down = request(p, "GET", "/api/ratings/restart", &[], "");
    assert_eq!(down.status, 503);
    assert!(down.body.contains(r#""error""#));
    pg.ctl("resume");
    assert!(
        eventually(10 * SEC, || vote(p, "restart", "voter-rrrr0002", 2).status
            == 200),
        "civic-server did not reconnect after PostgreSQL restarted"
    );
    let r = request(p, "GET", "/api/ratings/restart", &[], "");
    assert!(
        r.body.contains(r#""count":2"#) && r.body.contains(r#""sum":6"#),
        "{}",
        r.body
    );
    drop(srv);

    // Read-only at start (schema already there): reads work, votes are refused with 503 ...
    pg.admin()
        .batch_execute("ALTER DATABASE postgres SET default_transaction_read_only = on")
        .unwrap();
    let srv = start(&pg.url, temp_dir("pg-ro"), &["--threads", "2"]);
    let p = srv.port;
    assert_eq!(
        request(p, "GET", "/api/ratings/restart", &[], "").status,
        200
    );
    assert_eq!(vote(p, "restart", "voter-rrrr0003", 5).status, 503);
    // ... until the database is writable again, with no restart of civic-server.
    pg.admin()
        .batch_execute("ALTER DATABASE postgres SET default_transaction_read_only = off")
        .unwrap();
    assert!(
        eventually(10 * SEC, || vote(p, "restart", "voter-rrrr0003", 5).status
            == 200),
        "votes still refused after the database became writable"
    );
}

/// (3) Another session holds one item's row lock: votes for that item are answered 503 within a
/// bounded time (kept by the widget and resent), and every other request is answered at once.
#[test]
fn one_locked_row_stalls_nothing_else() {
    let Ok(url) = std::env::var("CIVIC_TEST_POSTGRES") else {
        eprintln!("CIVIC_TEST_POSTGRES not set: skipped");
        return;
    };
    let srv = start(
        &url,
        temp_dir("pg-lock"),
        &["--threads", "4", "--rate-limit", "0"],
    );
    let p = srv.port;
    assert_eq!(vote(p, "locked-row", "voter-llll0000", 3).status, 200);
    let holder = std::thread::spawn({
        let url = url.clone();
        move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let mut tx = c.transaction().unwrap();
            tx.query(
                "SELECT * FROM items WHERE item='locked-row' FOR UPDATE",
                &[],
            )
            .unwrap();
            std::thread::sleep(15 * SEC);
            tx.rollback().unwrap();
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    let stuck: Vec<_> = (0..12)
        .map(|i| {
            std::thread::spawn(move || {
                let t = Instant::now();
                let r = vote(p, "locked-row", &format!("voter-llll{i:04}"), 4);
                (r.status, t.elapsed())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let others: Vec<_> = (0..25)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 {
                    format!("/api/ratings/free-{i}")
                } else {
                    String::from("/index.html")
                };
                request_within(3 * SEC, p, "GET", &path, &[], "").map(|r| r.status)
            })
        })
        .collect();
    for o in others {
        assert_eq!(
            o.join().unwrap(),
            Some(200),
            "an unrelated request waited on the lock"
        );
    }
    for s in stuck {
        let (status, took) = s.join().unwrap();
        assert_eq!(status, 503);
        assert!(took < 12 * SEC, "a vote waited {took:?} on the locked row");
    }
    holder.join().unwrap();
    assert_eq!(vote(p, "locked-row", "voter-llll9999", 5).status, 200);
}

/// (4) While another process holds SQLite's write lock, a vote waits (up to 5 s) instead of
/// failing at once, and reads are not held up meanwhile.
#[test]
fn sqlite_votes_wait_for_another_writer() {
    let srv = start_sqlite("busy", &["--rate-limit", "0"]);
    let p = srv.port;
    assert_eq!(vote(p, "busy", "voter-bbbb0001", 3).status, 200);
    let db = srv.dir.join("r.sqlite3");
    let (locked_tx, locked) = std::sync::mpsc::channel();
    let other = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(db).unwrap();
        c.execute_batch("BEGIN IMMEDIATE; UPDATE items SET count=count WHERE item='busy';")
            .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        c.execute_batch("COMMIT").unwrap();
    });
    locked.recv().unwrap();
    let read = request_within(SEC, p, "GET", "/api/ratings/busy", &[], "");
    assert_eq!(
        read.map(|r| r.status),
        Some(200),
        "a read waited for the writer"
    );
    let t = Instant::now();
    assert_eq!(vote(p, "busy", "voter-bbbb0002", 5).status, 200);
    assert!(
        t.elapsed() >= Duration::from_millis(700),
        "the vote did not wait"
    );
    other.join().unwrap();
    assert!(request(p, "GET", "/api/ratings/busy", &[], "")
        .body
        .contains(r#""count":2"#));
}

/// (5) A corrupted database page is a 503 with JSON, never `200 {"count":0}`.
#[test]
fn a_corrupt_database_is_an_error_not_zero_votes() {
    let dir = temp_dir("corrupt");
    let db = dir.join("r.sqlite3");
    let srv = start(db.to_str().unwrap(), dir.clone(), &["--rate-limit", "0"]);
    for i in 0..200 {
        vote(srv.port, &format!("item-{i}"), "voter-cccc0001", 4);
    }
    drop(srv);
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    // Every page but the first (the header and the schema) overwritten with garbage.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 3 * 4096);
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&db, bytes).unwrap();
    let srv = start(db.to_str().unwrap(), dir, &["--rate-limit", "0"]);
    let r = request(srv.port, "GET", "/api/ratings/item-7", &[], "");
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains(r#""error""#) && !r.body.contains("count"));
    assert_eq!(vote(srv.port, "item-7", "voter-cccc0002", 4).status, 503);
}

/// (6) Behind a proxy only the address the proxy appended counts: forged `X-Forwarded-For`
/// entries do not get past the rate limit.
#[test]
fn forged_forwarded_addresses_do_not_escape_the_rate_limit() {
    let accepted = |extra: &[&str], forwarded: &dyn Fn(usize) -> String| {
        let mut args = vec!["--rate-limit", "5"];
        args.extend_from_slice(extra);
        let srv = start_sqlite("proxy", &args);
        (0..20)
            .filter(|i| {
                let body = format!(r#"{{"score":3,"voter":"voter-pppp{i:04}"}}"#);
                let xff = forwarded(*i);
                let r = request(
                    srv.port,
                    "POST",
                    "/api/ratings/proxied",
                    &[JSON, ("X-Forwarded-For", &xff)],
                    &body,
                );
                r.status == 200
            })
            .count()
    };
    // One visitor (203.0.113.7, appended by the proxy) forging a new address each time.
    let forged = |i: usize| format!("10.9.{i}.1, 203.0.113.7");
    assert_eq!(accepted(&["--trust-proxy"], &forged), 5);
    assert_eq!(accepted(&["--trust-proxy", "1"], &forged), 5);
    assert_eq!(accepted(&["--trust-proxy", "127.0.0.1"], &forged), 5);
    // Two proxies: the address the outer one appended counts.
    let two = |i: usize| format!("10.9.{i}.1, 203.0.113.7, 192.0.2.1");
    assert_eq!(accepted(&["--trust-proxy", "2"], &two), 5);
    // Different real visitors behind the proxy each get their own allowance.
    let many = |i: usize| format!("203.0.113.{i}");
    assert_eq!(accepted(&["--trust-proxy"], &many), 20);
    // No --trust-proxy: the header is ignored, the peer counts.
    assert_eq!(accepted(&[], &many), 5);
}

/// (7) Static files: only regular files inside the folder after resolving links, no dotfiles;
/// redirects are same-origin paths.
#[test]
fn static_files_stay_inside_their_folder() {
    let srv = start_sqlite("static", &[]);
    let www = srv.dir.join("www");
    let p = srv.port;
    std::os::unix::fs::symlink("/etc/passwd", www.join("passwd")).unwrap();
    std::os::unix::fs::symlink("/etc", www.join("etc")).unwrap();
    std::fs::write(www.join(".env"), "SECRET=1").unwrap();
    std::fs::create_dir_all(www.join(".git")).unwrap();
    std::fs::write(www.join(".git/config"), "[core]").unwrap();
    assert!(Command::new("mkfifo")
        .arg(www.join("pipe"))
        .status()
        .unwrap()
        .success());
    std::fs::create_dir_all(www.join("en")).unwrap();
    std::fs::write(
        www.join("en/index.html"),
        "<!doctype html><title>en</title>",
    )
    .unwrap();
    // A link inside the folder to a file inside it is fine.
    std::os::unix::fs::symlink(www.join("index.html"), www.join("home.html")).unwrap();
    for path in [
        "/passwd",
        "/etc/passwd",
        "/.env",
        "/.git/config",
        "/%2eenv",
        "/pipe",
    ] {
        let r = request_within(3 * SEC, p, "GET", path, &[], "");
        let r = r.unwrap_or_else(|| panic!("{path} stalled the server"));
        assert_eq!(r.status, 404, "{path}");
        assert!(
            !r.body.contains("root:") && !r.body.contains("SECRET"),
            "{path}"
        );
    }
    assert_eq!(request(p, "GET", "/home.html", &[], "").status, 200);
    for (path, to) in [("//en", "location: /en/"), ("/en", "location: /en/")] {
        let r = request(p, "GET", path, &[], "");
        assert_eq!(r.status, 301, "{path}");
        assert!(
            r.headers.contains(&format!("{to}\r\n")),
            "{path}: {}",
            r.headers
        );
    }
    // Last: a link to an endless device (answered 404, nothing read).
    std::os::unix::fs::symlink("/dev/zero", www.join("zero")).unwrap();
    let r = request_within(3 * SEC, p, "GET", "/zero", &[], "");
    assert_eq!(r.map(|r| r.status), Some(404));
}

/// (8) Small details: hyper's own error answers carry JSON too, JSON answers say `nosniff`,
/// HTML everywhere gets a CSP, and the SQLite WAL stays small.
#[test]
fn errors_are_json_and_the_wal_stays_small() {
    let dir = temp_dir("details");
    let db = dir.join("r.sqlite3");
    let srv = start(db.to_str().unwrap(), dir.clone(), &["--rate-limit", "0"]);
    let p = srv.port;
    let garbage = raw_request(p, b"GARBAGE\r\n\r\n");
    assert_eq!(garbage.status, 400);
    assert!(garbage.headers.contains("content-type: application/json"));
    assert!(garbage.body.starts_with(r#"{"error":"#), "{}", garbage.body);
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: {}\r\n\r\n",
        "a".repeat(500 * 1024)
    );
    let big = raw_request(p, huge.as_bytes());
    assert_eq!(big.status, 431);
    assert!(big.body.starts_with(r#"{"error":"#), "{}", big.body);
    let api = request(p, "GET", "/api/ratings/x", &[], "");
    assert!(api.headers.contains("x-content-type-options: nosniff"));
    let bad = vote(p, "x", "short", 3);
    assert_eq!(bad.status, 400);
    assert!(bad.headers.contains("x-content-type-options: nosniff"));
    drop(srv);
    // A mount without --strict-csp still gets a baseline policy on HTML.
    let www = dir.join("www");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_civic-server"))
        .args(["--port", &port.to_string(), "--db", db.to_str().unwrap()])
        .arg("--static")
        .arg(format!("/={}", www.display()))
        .arg("--rate-limit")
        .arg("0")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(eventually(10 * SEC, || TcpStream::connect((
        "127.0.0.1",
        port
    ))
    .is_ok()));
    let html = request(port, "GET", "/index.html", &[], "");
    assert!(
        html.headers
            .contains("content-security-policy: object-src 'none'"),
        "{}",
        html.headers
    );
    // 1,500 votes (~4,500 WAL frames): checkpointed at 2 MB and truncated, where SQLite's
    // default lets the file reach ~4 MB and stay there.
    for i in 0..1500 {
        assert_eq!(
            vote(port, &format!("w-{i}"), "voter-wwww0001", 4).status,
            200
        );
    }
    let wal = std::fs::metadata(dir.join("r.sqlite3-wal")).map_or(0, |m| m.len());
    assert!(wal <= 2200 * 1024, "the WAL grew to {wal} bytes");
    let _ = child.kill();
    let _ = child.wait();
}
