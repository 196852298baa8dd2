//! Visit statistics (CONTRACT §3b) against the real binary over real HTTP: exact counts under
//! concurrency, local-midnight rollover on an injected clock, privacy (the salt, hashes,
//! addresses and user agents never reach the disk), bots and prefetches, durability, bad input,
//! the historic-figures import; PostgreSQL with two instances when `CIVIC_TEST_POSTGRES` is set.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::*;

const READER: &str = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36";

/// Unix seconds of a local time in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
fn hanoi(y: i64, m: i64, d: i64, h: i64, min: i64, s: i64) -> i64 {
    // Days from 1970-01-01 (H. Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + h * 3600 + min * 60 + s - 7 * 3600
}

fn set_clock(file: &Path, t: i64) {
    std::fs::write(file, t.to_string()).unwrap();
}

fn hit_as(port: u16, ua: &str, extra: &[(&str, &str)]) -> Reply {
    let mut h = vec![("User-Agent", ua)];
    h.extend_from_slice(extra);
    request(
        port,
        "POST",
        "/api/stats/hit",
        &h,
        r#"{"path":"/tin-tuc/bai-1.html"}"#,
    )
}

/// A counted view is answered 200 with the figures, or 204 when they are not at hand.
fn counted(r: &Reply) -> bool {
    r.status == 200 || r.status == 204
}

fn figures(port: u16) -> serde_json::Value {
    let r = request(port, "GET", "/api/stats", &[], "");
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

fn n(v: &serde_json::Value, path: &str) -> i64 {
    v[path].as_i64().unwrap_or_else(|| panic!("{path} in {v}"))
}

fn stats_server(name: &str, extra: &[&str], env: &[(&str, &str)]) -> (Server, PathBuf) {
    let dir = temp_dir(name);
    let db = dir.join("r.sqlite3");
    (start_env(db.to_str().unwrap(), dir, extra, env, false), db)
}

#[test]
fn exact_page_views_and_visitors_under_64_concurrent_clients() {
    let (srv, _) = stats_server(
        "stats-conc",
        &["--stats-rate-limit", "0", "--stats-flush", "50"],
        &[],
    );
    let port = srv.port;
    let threads: Vec<_> = (0..64)
        .map(|k| {
            std::thread::spawn(move || {
                let ua = format!("{READER} reader-{k}");
                for _ in 0..40 {
                    assert!(counted(&hit_as(port, &ua, &[])));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let f = figures(port);
    assert_eq!(n(&f, "today"), 64 * 40, "{f}");
    assert_eq!(n(&f, "total"), 64 * 40, "{f}");
    assert_eq!(n(&f, "visitors_today"), 64, "{f}");
    assert_eq!(n(&f, "online"), 64, "{f}");
    // The same after the batches are written: nothing counted twice or lost on the way.
    std::thread::sleep(Duration::from_millis(300));
    let g = figures(port);
    assert_eq!((n(&g, "today"), n(&g, "visitors_today")), (2560, 64), "{g}");
    // A counted view is answered with the figures, itself included.
    let own = hit_as(port, READER, &[]);
    assert_eq!(
        own.status, 200,
        "the figures are at hand once a batch was written"
    );
    let own: serde_json::Value = serde_json::from_str(&own.body).unwrap();
    assert_eq!((n(&own, "today"), n(&own, "online")), (2561, 65), "{own}");
}

#[test]
fn days_roll_over_at_local_midnight() {
    let dir = temp_dir("stats-clock");
    rollover_suite(dir.join("r.sqlite3").to_str().unwrap(), dir);
}

/// Figures across midnight, a month end and a year end. `total` is read as a difference, so the
/// suite also runs on a PostgreSQL database other suites have counted in.
fn rollover_suite(db: &str, dir: PathBuf) {
    let clock = dir.join("clock");
    set_clock(&clock, hanoi(2026, 12, 30, 12, 0, 0));
    let c = clock.to_str().unwrap().to_string();
    let srv = start_env(
        db,
        dir,
        &["--stats-rate-limit", "0"],
        &[("CIVIC_TEST_CLOCK", &c)],
        false,
    );
    let p = srv.port;
    let base = n(&figures(p), "total");
    let (a, b) = (format!("{READER} A"), format!("{READER} B"));
    for _ in 0..3 {
        hit_as(p, &a, &[]);
    }
    set_clock(&clock, hanoi(2026, 12, 31, 23, 59, 50));
    hit_as(p, &a, &[]);
    hit_as(p, &a, &[]);
    hit_as(p, &b, &[]);
    let f = figures(p);
    assert_eq!(f["day"], "2026-12-31");
    let row = |f: &serde_json::Value| {
        let mut r = [
            "today",
            "yesterday",
            "month",
            "year",
            "total",
            "visitors_today",
            "visitors_yesterday",
        ]
        .map(|k| n(f, k));
        r[4] -= base;
        r
    };
    // A came back the next day: a visitor again (a new day, a new salt).
    assert_eq!(row(&f), [3, 3, 6, 6, 6, 2, 1], "{f}");

    // Twenty seconds later it is 2027 in Hanoi (17:00 UTC): a new day, month and year.
    set_clock(&clock, hanoi(2027, 1, 1, 0, 0, 10));
    hit_as(p, &a, &[]);
    let f = figures(p);
    assert_eq!(f["day"], "2027-01-01");
    assert_eq!(row(&f), [1, 3, 1, 1, 7, 1, 2], "{f}");

    // A month boundary inside the year: the month starts again, the year goes on.
    set_clock(&clock, hanoi(2027, 1, 31, 22, 0, 0));
    hit_as(p, &b, &[]);
    set_clock(&clock, hanoi(2027, 2, 1, 0, 0, 5));
    hit_as(p, &b, &[]);
    hit_as(p, &b, &[]);
    let f = figures(p);
    assert_eq!(row(&f), [2, 1, 2, 4, 10, 1, 1], "{f}");
    // An hour before midnight UTC is already the next day in Hanoi: the portal's zone counts.
    set_clock(&clock, hanoi(2027, 2, 2, 6, 30, 0)); // 2027-02-01 23:30 UTC
    assert_eq!(figures(p)["day"], "2027-02-02");
}

#[test]
fn the_salt_hashes_addresses_and_user_agents_never_reach_the_disk() {
    let dir = temp_dir("stats-salt");
    let clock = dir.join("clock");
    set_clock(&clock, hanoi(2026, 11, 27, 9, 0, 0));
    let c = clock.to_str().unwrap().to_string();
    let db = dir.join("r.sqlite3");
    let mut srv = start_env(
        db.to_str().unwrap(),
        dir.clone(),
        &["--stats-rate-limit", "0", "--stats-flush", "50"],
        &[("CIVIC_TEST_CLOCK", &c), ("CIVIC_TEST_SHOW_SALT", "1")],
        true,
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = srv.child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(hex) = line.strip_prefix("civic-server: test salt ") {
                let _ = tx.send(hex.to_string());
            }
        }
    });
    let probe = "Mozilla/5.0 SaltProbe-7f3a9c";
    for _ in 0..5 {
        hit_as(srv.port, probe, &[("X-Forwarded-For", "203.0.113.77")]);
    }
    // A second day: a second salt.
    set_clock(&clock, hanoi(2026, 11, 28, 0, 0, 1));
    hit_as(srv.port, probe, &[]);
    std::thread::sleep(Duration::from_millis(400));
    let salts: Vec<String> = rx.try_iter().collect();
    assert_eq!(salts.len(), 2, "one salt per day: {salts:?}");
    assert_ne!(salts[0], salts[1]);
    assert_eq!(n(&figures(srv.port), "total"), 6);

    let mut disk = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("r.sqlite3")
        {
            disk.extend(std::fs::read(&path).unwrap());
        }
    }
    assert!(disk.len() > 4096, "the database and its WAL were read");
    let contains = |needle: &[u8]| disk.windows(needle.len()).any(|w| w == needle);
    for hex in &salts {
        let raw: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        assert!(
            !contains(&raw) && !contains(hex.as_bytes()),
            "salt {hex} on disk"
        );
        // Any 8 consecutive bytes of it (a hash state or a partial copy) are not there either.
        assert!(!raw.windows(8).any(&contains), "part of salt {hex} on disk");
    }
    for s in ["SaltProbe", "203.0.113.77", "127.0.0.1", "tin-tuc"] {
        assert!(!contains(s.as_bytes()), "{s} on disk");
    }
}

#[test]
fn bots_prefetches_and_head_are_not_counted() {
    let dir = temp_dir("stats-bots");
    bots_suite(dir.join("r.sqlite3").to_str().unwrap(), dir);
}

fn bots_suite(db: &str, dir: PathBuf) {
    let srv = start(db, dir, &["--stats-rate-limit", "0"]);
    let p = srv.port;
    let base = n(&figures(p), "total");
    for ua in [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
    ] {
        assert_eq!(hit_as(p, ua, &[]).status, 204, "{ua}");
    }
    for purpose in [
        ("Sec-Purpose", "prefetch"),
        ("Sec-Purpose", "prefetch;prerender"),
        ("Purpose", "prefetch"),
        ("X-Moz", "prefetch"),
    ] {
        assert_eq!(hit_as(p, READER, &[purpose]).status, 204);
    }
    let head = request(p, "HEAD", "/api/stats/hit", &[("User-Agent", READER)], "");
    assert_eq!(head.status, 405);
    let get = request(p, "GET", "/api/stats/hit", &[("User-Agent", READER)], "");
    assert_eq!(get.status, 405);
    assert_eq!(
        n(&figures(p), "total"),
        base,
        "nothing above is a reader's page view"
    );
    hit_as(p, READER, &[]);
    assert_eq!(n(&figures(p), "total"), base + 1);
}

#[test]
fn the_rate_limit_and_trust_proxy_decide_who_counts() {
    let (srv, _) = stats_server(
        "stats-limit",
        &["--stats-rate-limit", "5", "--trust-proxy"],
        &[],
    );
    let p = srv.port;
    let statuses: Vec<u16> = (0..8)
        .map(|_| hit_as(p, READER, &[("X-Forwarded-For", "198.51.100.1")]).status)
        .map(|s| if s == 200 { 204 } else { s })
        .collect();
    assert_eq!(statuses, [204, 204, 204, 204, 204, 429, 429, 429]);
    // Three visitors behind the proxy, same browser build: three visitors, not one.
    for ip in ["198.51.100.2", "198.51.100.3", "198.51.100.4"] {
        assert!(counted(&hit_as(p, READER, &[("X-Forwarded-For", ip)])));
    }
    let f = figures(p);
    assert_eq!((n(&f, "today"), n(&f, "visitors_today")), (8, 4), "{f}");
}

#[test]
fn a_restart_keeps_every_view_but_at_most_one_batch_window() {
    let dir = temp_dir("stats-restart");
    let db = dir.join("r.sqlite3");
    let args = ["--stats-rate-limit", "0", "--stats-flush", "200"];
    let mut srv = start(db.to_str().unwrap(), dir.clone(), &args);
    for _ in 0..100 {
        assert!(counted(&hit_as(srv.port, READER, &[])));
    }
    std::thread::sleep(Duration::from_millis(500)); // more than one window
    srv.child.kill().unwrap(); // SIGKILL: no chance to write anything more
    srv.child.wait().unwrap();
    let mut srv = start(db.to_str().unwrap(), dir.clone(), &args);
    assert_eq!(n(&figures(srv.port), "total"), 100);

    // SIGTERM (a service restart) writes the pending batch on the way out: nothing lost.
    for _ in 0..50 {
        hit_as(srv.port, READER, &[]);
    }
    let pid = srv.child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(15);
    while srv.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    let again = start(db.to_str().unwrap(), dir, &args);
    let f = figures(again.port);
    assert_eq!(n(&f, "total"), 150, "{f}");
    // Visitors are counted in memory: after a restart the same reader is a visitor again
    // (the README says so), but page views are exact.
    assert_eq!(n(&f, "today"), 150);
}

#[test]
fn bad_stats_input_gets_400_json_never_5xx() {
    let dir = temp_dir("stats-bad");
    bad_input_suite(dir.join("r.sqlite3").to_str().unwrap(), dir);
}

fn bad_input_suite(db: &str, dir: PathBuf) {
    let srv = start(db, dir, &["--stats-rate-limit", "0"]);
    let p = srv.port;
    let base = n(&figures(p), "total");
    let ua = ("User-Agent", READER);
    let cases: Vec<(&str, Reply)> = vec![
        (
            "not json",
            request(p, "POST", "/api/stats/hit", &[ua], "{path"),
        ),
        (
            "array",
            request(p, "POST", "/api/stats/hit", &[ua], "[1,2]"),
        ),
        (
            "path number",
            request(p, "POST", "/api/stats/hit", &[ua], r#"{"path":5}"#),
        ),
        (
            "path url",
            request(
                p,
                "POST",
                "/api/stats/hit",
                &[ua],
                r#"{"path":"https://x.example/"}"#,
            ),
        ),
        (
            "too large",
            request(
                p,
                "POST",
                "/api/stats/hit",
                &[ua],
                &format!(r#"{{"path":"/{}"}}"#, "a".repeat(3000)),
            ),
        ),
        ("unknown", request(p, "GET", "/api/stats/nope", &[ua], "")),
        ("delete", request(p, "DELETE", "/api/stats", &[ua], "")),
        (
            "post figures",
            request(p, "POST", "/api/stats", &[ua], "{}"),
        ),
    ];
    for (what, r) in &cases {
        assert!((400..500).contains(&r.status), "{what}: {}", r.status);
        assert!(
            r.headers.contains("application/json") && r.body.contains(r#""error""#),
            "{what}: {}",
            r.body
        );
    }
    assert_eq!(n(&figures(p), "total"), base);
    // Empty and text/plain bodies (sendBeacon) are fine.
    assert!(counted(&request(p, "POST", "/api/stats/hit", &[ua], "")));
    let plain = ("Content-Type", "text/plain;charset=UTF-8");
    assert!(counted(&request(
        p,
        "POST",
        "/api/stats/hit",
        &[ua, plain],
        r#"{"path":"/"}"#
    )));
    assert_eq!(n(&figures(p), "total"), base + 2);
}

#[test]
fn stats_import_sets_the_portals_historic_figures() {
    let dir = temp_dir("stats-import");
    import_suite(dir.join("r.sqlite3").to_str().unwrap(), dir);
}

fn import_suite(db: &str, dir: PathBuf) {
    let clock = dir.join("clock");
    set_clock(&clock, hanoi(2026, 11, 27, 10, 0, 0));
    let c = clock.to_str().unwrap().to_string();
    let import = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_civic-server"))
            .args(["stats", "import", "--db", db])
            .args(args)
            .env("CIVIC_TEST_CLOCK", &c)
            .output()
            .unwrap()
    };
    let seed = [
        "--total",
        "61.296.415",
        "--year",
        "1705031",
        "--month",
        "206138",
        "--yesterday",
        "15254",
        "--today",
        "20473",
    ];
    assert!(import(&seed).status.success());
    let srv = start_env(
        db,
        dir.clone(),
        &["--stats-rate-limit", "0", "--stats-flush", "100"],
        &[("CIVIC_TEST_CLOCK", &c)],
        false,
    );
    let f = figures(srv.port);
    let row =
        |f: &serde_json::Value| ["today", "yesterday", "month", "year", "total"].map(|k| n(f, k));
    assert_eq!(row(&f), [20473, 15254, 206138, 1705031, 61296415], "{f}");
    hit_as(srv.port, READER, &[]);
    assert_eq!(
        row(&figures(srv.port)),
        [20474, 15254, 206139, 1705032, 61296416]
    );
    // --if-empty (what `npm start` runs every time) leaves imported figures alone.
    let again = import(&["--if-empty", "--total", "5"]);
    assert!(again.status.success());
    assert_eq!(n(&figures(srv.port), "total"), 61296416);
    // Bad figures are refused with a message, changing nothing.
    let bad = import(&["--total", "lots"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--total"));
    // The next day, today's figure becomes yesterday's; the month and year go on.
    std::thread::sleep(Duration::from_millis(300)); // the hit's batch is written
    drop(srv);
    set_clock(&clock, hanoi(2026, 11, 28, 8, 0, 0));
    let srv = start_env(db, dir, &[], &[("CIVIC_TEST_CLOCK", &c)], false);
    assert_eq!(
        row(&figures(srv.port)),
        [0, 20474, 206139, 1705032, 61296416]
    );
}

#[test]
fn stats_on_postgres_with_two_instances() {
    let Ok(url) = std::env::var("CIVIC_TEST_POSTGRES") else {
        eprintln!(
            "CIVIC_TEST_POSTGRES not set: PostgreSQL stats suite skipped (scripts/test.sh sets it)"
        );
        return;
    };
    // The suites above, one after the other on the one database (each reads totals as differences).
    rollover_suite(&url, temp_dir("stats-pg-clock"));
    bots_suite(&url, temp_dir("stats-pg-bots"));
    bad_input_suite(&url, temp_dir("stats-pg-bad"));
    // A day of its own in the shared test database: 2031-05-10 plus this run's process id.
    let dir = temp_dir("stats-pg");
    let clock = dir.join("clock");
    let day = hanoi(2031, 5, 10, 12, 0, 0) + i64::from(std::process::id() % 3000) * 86_400;
    set_clock(&clock, day);
    let c = clock.to_str().unwrap().to_string();
    let env = [("CIVIC_TEST_CLOCK", c.as_str())];
    let args = ["--stats-rate-limit", "0", "--stats-flush", "100"];
    let a = start_env(&url, temp_dir("stats-pg-a"), &args, &env, false);
    let b = start_env(&url, temp_dir("stats-pg-b"), &args, &env, false);
    let before = n(&figures(a.port), "total");
    // 32 readers, each kept on one instance (as an ip-hash load balancer does).
    let threads: Vec<_> = (0..32)
        .map(|k| {
            let port = if k % 2 == 0 { a.port } else { b.port };
            std::thread::spawn(move || {
                let ua = format!("{READER} pg-reader-{k}");
                for _ in 0..20 {
                    assert!(counted(&hit_as(port, &ua, &[])));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    std::thread::sleep(Duration::from_millis(400)); // both instances have written their batches
    for port in [a.port, b.port] {
        let f = figures(port);
        assert_eq!(n(&f, "today"), 640, "{f}");
        assert_eq!(n(&f, "total") - before, 640, "{f}");
        assert_eq!(n(&f, "visitors_today"), 32, "{f}");
        assert_eq!(
            n(&f, "online"),
            32,
            "online now is summed over the instances: {f}"
        );
    }
    // An instance killed after its batch was written lost nothing.
    drop(a);
    let f = figures(b.port);
    assert_eq!(n(&f, "today"), 640);
    drop(b);
    // Last: it sets the total for everyone.
    import_suite(&url, temp_dir("stats-pg-import"));
}
