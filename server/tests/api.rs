//! The `civic` rating protocol against the real binary over real HTTP: SQLite always, and
//! PostgreSQL when `CIVIC_TEST_POSTGRES` holds a `postgres://` URL (scripts/test.sh starts one).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::*;

fn protocol_suite(db: &str, dir: std::path::PathBuf) {
    // Unlimited here: every request comes from 127.0.0.1 (the limit has its own test).
    let srv = start(db, dir, &["--rate-limit", "0"]);
    let p = srv.port;
    let r = request(p, "GET", "/api/ratings/news-1234", &[], "");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        r#"{"count":0,"item":"news-1234","max":5,"sum":0,"yours":null}"#
    );
    assert_eq!(
        vote(p, "news-1234", "voter-aaaaaaaa", 4).body,
        r#"{"count":1,"item":"news-1234","max":5,"sum":4,"yours":4}"#
    );
    assert_eq!(
        vote(p, "news-1234", "voter-bbbbbbbb", 5).body,
        r#"{"count":2,"item":"news-1234","max":5,"sum":9,"yours":5}"#
    );
    // The same voter again replaces their score: never counted twice.
    assert_eq!(
        vote(p, "news-1234", "voter-aaaaaaaa", 2).body,
        r#"{"count":2,"item":"news-1234","max":5,"sum":7,"yours":2}"#
    );
    let mine = request(
        p,
        "GET",
        "/api/ratings/news-1234?voter=voter-aaaaaaaa",
        &[],
        "",
    );
    // A page view learns nothing about a voter, even given their id.
    assert!(mine.body.contains(r#""yours":null"#), "{}", mine.body);

    // Bad input: 400 with {"error"}, never 500.
    let big = format!(
        r#"{{"score":4,"voter":"voter-cccccccc","pad":"{}"}}"#,
        "x".repeat(5000)
    );
    let bad: Vec<(String, Reply)> = vec![
        ("score 0".into(), vote(p, "news-1234", "voter-cccccccc", 0)),
        ("score 6".into(), vote(p, "news-1234", "voter-cccccccc", 6)),
        (
            "score 4.5".into(),
            request(
                p,
                "POST",
                "/api/ratings/a",
                &[JSON],
                r#"{"score":4.5,"voter":"voter-cccccccc"}"#,
            ),
        ),
        (
            "score text".into(),
            request(
                p,
                "POST",
                "/api/ratings/a",
                &[JSON],
                r#"{"score":"4","voter":"voter-cccccccc"}"#,
            ),
        ),
        (
            "no voter".into(),
            request(p, "POST", "/api/ratings/a", &[JSON], r#"{"score":4}"#),
        ),
        ("bad voter".into(), vote(p, "a", "x\"; DROP", 4)),
        (
            "bad item".into(),
            vote(p, "..%2f..%2fetc", "voter-cccccccc", 4),
        ),
        (
            "item too long".into(),
            vote(p, &"x".repeat(200), "voter-cccccccc", 4),
        ),
        (
            "not json".into(),
            request(p, "POST", "/api/ratings/a", &[JSON], "score=4"),
        ),
        (
            "form type".into(),
            request(
                p,
                "POST",
                "/api/ratings/a",
                &[("Content-Type", "application/x-www-form-urlencoded")],
                "score=4",
            ),
        ),
        (
            "no type".into(),
            request(
                p,
                "POST",
                "/api/ratings/a",
                &[],
                r#"{"score":4,"voter":"voter-cccccccc"}"#,
            ),
        ),
        (
            "oversized".into(),
            request(p, "POST", "/api/ratings/a", &[JSON], &big),
        ),
    ];
    for (name, r) in bad {
        assert_eq!(r.status, 400, "{name}: {}", r.body);
        assert!(r.body.starts_with(r#"{"error":""#), "{name}: {}", r.body);
    }
    assert_eq!(request(p, "DELETE", "/api/ratings/a", &[], "").status, 405);
    assert!(
        request(p, "GET", "/api/ratings/news-1234", &[], "")
            .body
            .contains(r#""count":2"#),
        "bad input changed nothing"
    );

    // Static files: wasm MIME type, revalidation, strict CSP on HTML, no path traversal.
    let w = request(p, "GET", "/x.wasm", &[], "");
    assert_eq!(w.status, 200);
    assert!(w.headers.contains("content-type: application/wasm"));
    assert!(w.headers.contains("etag:"));
    let html = request(p, "GET", "/", &[], "");
    assert!(html.headers.contains(
        "content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
    ));
    assert_eq!(request(p, "GET", "/../Cargo.toml", &[], "").status, 404);
    assert_eq!(request(p, "GET", "/%2e%2e/Cargo.toml", &[], "").status, 404);

    // Many parallel voters: the aggregate is exact.
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..40 {
                    let r = vote(p, "busy-item", &format!("voter-{t:04}-{i:04}"), 1 + (i % 5));
                    assert_eq!(r.status, 200, "{}", r.body);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let expected_sum: i64 = 8 * (0..40).map(|i| 1 + (i % 5)).sum::<i64>();
    assert_eq!(
        request(p, "GET", "/api/ratings/busy-item", &[], "").body,
        format!(r#"{{"count":320,"item":"busy-item","max":5,"sum":{expected_sum},"yours":null}}"#)
    );
}

#[test]
fn civic_protocol_on_sqlite() {
    let dir = temp_dir("sqlite");
    protocol_suite(dir.join("r.sqlite3").to_str().unwrap(), dir);
}

#[test]
fn civic_protocol_on_postgres() {
    let Ok(url) = std::env::var("CIVIC_TEST_POSTGRES") else {
        eprintln!(
            "CIVIC_TEST_POSTGRES not set: PostgreSQL suite skipped (scripts/test.sh sets it)"
        );
        return;
    };
    protocol_suite(&url, temp_dir("pg"));
    // A second instance on the same database sees the same votes (load-balanced deployment).
    let a = start(&url, temp_dir("pg-a"), &[]);
    let b = start(&url, temp_dir("pg-b"), &[]);
    vote(a.port, "lb-item", "voter-lb-000001", 5);
    vote(b.port, "lb-item", "voter-lb-000002", 3);
    vote(b.port, "lb-item", "voter-lb-000001", 1);
    assert!(request(a.port, "GET", "/api/ratings/lb-item", &[], "")
        .body
        .contains(r#""count":2,"item":"lb-item","max":5,"sum":4"#));
}

#[test]
fn an_acknowledged_vote_survives_kill_9() {
    let dir = temp_dir("kill");
    let db = dir.join("r.sqlite3");
    let mut srv = start(db.to_str().unwrap(), dir.clone(), &[]);
    assert_eq!(vote(srv.port, "durable", "voter-dddddddd", 5).status, 200);
    srv.child.kill().unwrap(); // SIGKILL right after the 200
    srv.child.wait().unwrap();
    let again = start(db.to_str().unwrap(), srv.dir.clone(), &[]);
    assert!(request(again.port, "GET", "/api/ratings/durable", &[], "")
        .body
        .contains(r#""count":1"#));
}

#[test]
fn rate_limit_csrf_and_cors() {
    let srv = start_sqlite(
        "limits",
        &[
            "--rate-limit",
            "3",
            "--csrf-token",
            "tok-123",
            "--cors-origin",
            "https://portal.example",
        ],
    );
    let p = srv.port;
    let post = |token: &str| {
        request(
            p,
            "POST",
            "/api/ratings/rl",
            &[JSON, ("X-CSRF-Token", token)],
            r#"{"score":3,"voter":"voter-eeeeeeee"}"#,
        )
    };
    assert_eq!(post("wrong").status, 403);
    for _ in 0..3 {
        assert_eq!(post("tok-123").status, 200);
    }
    let limited = post("tok-123");
    assert_eq!(limited.status, 429);
    assert!(
        limited.headers.contains("retry-after: "),
        "{}",
        limited.headers
    );
    let allowed = request(
        p,
        "OPTIONS",
        "/api/ratings/rl",
        &[("Origin", "https://portal.example")],
        "",
    );
    assert!(allowed
        .headers
        .contains("access-control-allow-origin: https://portal.example"));
    let other = request(
        p,
        "GET",
        "/api/ratings/rl",
        &[("Origin", "https://evil.example")],
        "",
    );
    assert!(!other.headers.contains("access-control-allow-origin"));
}

fn send_vote(s: &mut TcpStream, item: &str, voter: &str) {
    let body = format!(r#"{{"score":3,"voter":"{voter}"}}"#);
    let req = format!(
        "POST /api/ratings/{item} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
}

/// Reads exactly one response from a keep-alive connection and returns its status; fails if
/// it does not come within the socket's read timeout.
fn read_status(s: &mut TcpStream) -> u16 {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte)
            .unwrap_or_else(|e| panic!("no answer from the server within 5 s: {e}"));
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let len: usize = head
        .split("content-length: ")
        .nth(1)
        .and_then(|r| r.split("\r\n").next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).unwrap();
    head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap()
}

/// What retired tiny_http: under the bench's load (32 keep-alive clients starting at once) its
/// connection pool sometimes left a few new connections with no thread to read them, so their
/// first request was never answered. That race needs a scheduling this test cannot force, so
/// here it guards the property: 48 keep-alive clients starting at once, next to a client that
/// connects and sends nothing, each get every answer within 5 s.
#[test]
fn a_burst_of_keep_alive_clients_is_always_answered() {
    let srv = start_sqlite("burst", &["--rate-limit", "0"]);
    let p = srv.port;
    let _silent = TcpStream::connect(("127.0.0.1", p)).unwrap();
    // 48 clients released at once, each connecting and sending straight away, as a load
    // generator or a busy proxy does: the server accepts them as one burst.
    let go = std::sync::Arc::new(std::sync::Barrier::new(48));
    let clients: Vec<_> = (0..48)
        .map(|c| {
            let go = go.clone();
            std::thread::spawn(move || {
                go.wait();
                let mut s = TcpStream::connect(("127.0.0.1", p)).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                for i in 0..60 {
                    send_vote(&mut s, "burst", &format!("voter-{c:04}-{i:04}"));
                    assert_eq!(read_status(&mut s), 200);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    assert!(request(p, "GET", "/api/ratings/burst", &[], "")
        .body
        .contains(r#""count":2880"#));
}

/// "Bad input gets 400, never 500": 400 generated requests mixing valid and broken parts
/// (methods, item ids, content types, bodies of random bytes and near-miss JSON).
#[test]
fn generated_bad_requests_never_get_a_5xx() {
    let srv = start_sqlite("gen", &["--rate-limit", "0"]);
    let mut seed: u64 = 0x5eed_c1c1_a110;
    let mut next = move |n: usize| {
        // xorshift64*: deterministic, so a failure names a reproducible case.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    };
    let methods = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH"];
    let long = "x".repeat(129);
    let items = [
        "news-1",
        "",
        "a/b",
        "%00",
        "..",
        long.as_str(),
        "%C3%A9",
        "a%20b",
        "n:1.2_3-4",
    ];
    let types = [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "",
        "application/x-www-form-urlencoded",
        "APPLICATION/JSON",
    ];
    let bodies = [
        r#"{"score":3,"voter":"voter-gggggggg"}"#,
        r#"{"score":3}"#,
        r#"{"score":null,"voter":"voter-gggggggg"}"#,
        r#"{"score":1e400,"voter":"voter-gggggggg"}"#,
        r#"{"score":-1,"voter":"voter-gggggggg"}"#,
        r#"{"score":3,"voter":["voter-gggggggg"]}"#,
        r#"[3,"voter-gggggggg"]"#,
        r#"{"score":3,"voter":"voter-gggggggg""#,
        "",
        "null",
        "id=1&point=5&checkss=x",
    ];
    for case in 0..400 {
        let method = methods[next(methods.len())];
        let item = items[next(items.len())];
        let ctype = types[next(types.len())];
        let body: String = if next(4) == 0 {
            (0..next(300))
                .map(|_| char::from(32 + next(95) as u8))
                .collect()
        } else {
            bodies[next(bodies.len())].to_string()
        };
        let headers: Vec<(&str, &str)> = if ctype.is_empty() {
            vec![]
        } else {
            vec![("Content-Type", ctype)]
        };
        let r = request(
            srv.port,
            method,
            &format!("/api/ratings/{item}"),
            &headers,
            &body,
        );
        assert!(
            (200..500).contains(&r.status),
            "case {case}: {method} /api/ratings/{item} [{ctype}] {body:?} → {} {}",
            r.status,
            r.body
        );
        if r.status >= 400 && method != "HEAD" {
            assert!(
                r.body.starts_with(r#"{"error":""#),
                "case {case}: {}",
                r.body
            );
        }
    }
}

/// pkg/ ships `.br` and `.gz` copies: sent only to clients that accept them, never when older
/// than the file itself (a copy left behind by a partial update).
#[test]
fn precompressed_copies_are_sent_only_when_accepted_and_fresh() {
    let srv = start_sqlite("enc", &[]);
    let www = srv.dir.join("www");
    std::fs::write(www.join("x.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(www.join("x.wasm.gz"), b"gzip bytes").unwrap();
    let get = |accept: &str| {
        request(
            srv.port,
            "GET",
            "/x.wasm",
            &[("Accept-Encoding", accept)],
            "",
        )
    };
    let br = get("gzip, deflate, br, zstd");
    assert!(
        br.headers.contains("content-encoding: br"),
        "{}",
        br.headers
    );
    assert!(br.headers.contains("content-type: application/wasm"));
    assert!(br.headers.contains("vary: accept-encoding"));
    assert_eq!(br.body, "brotli bytes");
    let gz = get("gzip");
    assert!(gz.headers.contains("content-encoding: gzip"));
    assert_eq!(gz.body, "gzip bytes");
    assert_ne!(
        br.headers
            .split("etag: ")
            .nth(1)
            .map(|e| e.split("\r\n").next()),
        gz.headers
            .split("etag: ")
            .nth(1)
            .map(|e| e.split("\r\n").next()),
        "each encoding has its own ETag"
    );
    let plain = get("br;q=0, identity");
    assert!(!plain.headers.contains("content-encoding"));
    assert!(plain.body.starts_with("\0asm"));
    // The file is replaced later than its copies: the copies are stale and not used.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(www.join("x.wasm"), b"\0asm\x01\0\0\0new").unwrap();
    let fresh = get("gzip, br");
    assert!(
        !fresh.headers.contains("content-encoding"),
        "{}",
        fresh.headers
    );
    assert!(fresh.body.ends_with("new"));
}

/// SIGTERM (a rolling restart behind a load balancer): a vote whose request is under way still
/// gets its answer and is stored, idle keep-alive connections are closed, new connections are
/// refused, and the process exits with status 0.
#[cfg(unix)]
#[test]
fn sigterm_finishes_the_requests_under_way_then_exits() {
    let mut srv = start_sqlite("term", &[]);
    let p = srv.port;
    let mut idle = TcpStream::connect(("127.0.0.1", p)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    send_vote(&mut idle, "term-item", "voter-term-0001");
    assert_eq!(read_status(&mut idle), 200);
    // A vote whose body is still on its way when the signal comes.
    let body = r#"{"score":4,"voter":"voter-term-0002"}"#;
    let mut busy = TcpStream::connect(("127.0.0.1", p)).unwrap();
    busy.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        busy,
        "POST /api/ratings/term-item HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
        body.len(),
        &body[..10]
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-TERM", &srv.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        TcpStream::connect(("127.0.0.1", p)).is_err(),
        "no new connections once stopping"
    );
    busy.write_all(&body.as_bytes()[10..]).unwrap();
    assert_eq!(
        read_status(&mut busy),
        200,
        "the vote under way is answered"
    );
    let mut rest = Vec::new();
    assert_eq!(
        idle.read_to_end(&mut rest).unwrap(),
        0,
        "idle keep-alive closed"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = srv.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let db = srv.dir.join("r.sqlite3");
    let again = start(db.to_str().unwrap(), srv.dir.clone(), &[]);
    assert!(
        request(again.port, "GET", "/api/ratings/term-item", &[], "")
            .body
            .contains(r#""count":2,"item":"term-item","max":5,"sum":7"#)
    );
}
