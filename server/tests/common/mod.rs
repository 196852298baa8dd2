//! Helpers shared by the server suites: the real binary on a free port, raw HTTP/1.1 requests.
#![allow(dead_code)] // each suite uses its own subset

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub dir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("civic-server-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn start(db: &str, dir: std::path::PathBuf, extra: &[&str]) -> Server {
    start_env(db, dir, extra, &[], false)
}

/// `start` with environment variables, and the server's stderr piped to `child.stderr` if asked.
pub fn start_env(
    db: &str,
    dir: std::path::PathBuf,
    extra: &[&str],
    env: &[(&str, &str)],
    pipe_stderr: bool,
) -> Server {
    let port = free_port();
    let www = dir.join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("x.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(www.join("index.html"), b"<!doctype html><title>t</title>").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_civic-server"))
        .args([
            "--port",
            &port.to_string(),
            "--db",
            db,
            "--static",
            &format!("/={}", www.display()),
            "--strict-csp",
            "/",
        ])
        .args(extra)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(if pipe_stderr {
            Stdio::piped()
        } else {
            Stdio::inherit()
        })
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Server { child, port, dir }
}

/// A server on a fresh SQLite file in its own temporary directory.
pub fn start_sqlite(name: &str, extra: &[&str]) -> Server {
    let dir = temp_dir(name);
    start(dir.join("r.sqlite3").to_str().unwrap(), dir, extra)
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    raw_request(port, req.as_bytes())
}

/// Sends `bytes` as they are and reads the answer until the server closes the connection.
pub fn raw_request(port: u16, bytes: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(bytes).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw); // a reset after the answer still leaves the answer
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// `request`, or `None` when no answer comes within `limit` (the request is left behind).
pub fn request_within(
    limit: Duration,
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Reply> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (method, path, body) = (method.to_string(), path.to_string(), body.to_string());
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    std::thread::spawn(move || {
        let h: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let _ = tx.send(request(port, &method, &path, &h, &body));
    });
    rx.recv_timeout(limit).ok()
}

pub const JSON: (&str, &str) = ("Content-Type", "application/json");

pub fn vote(port: u16, item: &str, voter: &str, score: i64) -> Reply {
    request(
        port,
        "POST",
        &format!("/api/ratings/{item}"),
        &[JSON],
        &format!(r#"{{"score":{score},"voter":"{voter}"}}"#),
    )
}
