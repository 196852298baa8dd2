//! HTTP handling: the `civic` rating protocol (CONTRACT.md §3) and static files.

use crate::store::{Aggregate, Store};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Response, StatusCode};
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Largest POST body accepted: a vote is ~60 bytes.
pub const MAX_BODY: usize = 2048;

pub struct Config {
    pub api: String,
    pub max: i64,
    /// (url prefix, directory, send a strict CSP with HTML)
    pub mounts: Vec<(String, PathBuf, bool)>,
    pub cors_origins: Vec<String>,
    pub csrf_token: Option<String>,
    /// Votes per minute per client; 0 = unlimited (benchmarks).
    pub rate_limit: u32,
    pub trust_proxy: bool,
}

/// The strict policy the demo portal runs under: proof that the widgets need nothing looser.
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; \
require-trusted-types-for 'script'";

pub struct App {
    pub cfg: Config,
    pub store: Box<dyn Store>,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

pub type Reply = Response<Full<Bytes>>;

/// What the HTTP layer hands over: the request head, the client address and the body, read
/// up to `MAX_BODY + 1` bytes (so "too large" can be told apart).
pub struct Request<'a> {
    pub method: &'a Method,
    /// Path and query as sent, e.g. `/api/ratings/news-1?voter=...`.
    pub target: &'a str,
    pub headers: &'a HeaderMap,
    pub peer: IpAddr,
    pub body: &'a [u8],
}

impl Request<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn reply(status: u16, body: Vec<u8>) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r
}

/// Adds a header; values are ours or echo a validated request header, so a value that is not
/// a legal header is dropped rather than sent.
fn add(r: &mut Reply, k: &'static str, v: &str) {
    if let Ok(v) = HeaderValue::from_str(v) {
        r.headers_mut().append(HeaderName::from_static(k), v);
    }
}

fn json(status: u16, body: String) -> Reply {
    let mut r = reply(status, body.into_bytes());
    add(&mut r, "content-type", "application/json; charset=utf-8");
    add(&mut r, "cache-control", "no-store");
    r
}

pub fn error(status: u16, msg: &str) -> Reply {
    json(status, serde_json::json!({ "error": msg }).to_string())
}

/// Item ids: `[A-Za-z0-9_.:-]{1,128}` (the same rule as the widget's `data-item`).
pub fn valid_item(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
}

/// Voter ids are opaque: 8 to 64 of `[A-Za-z0-9-]` (a UUID in practice).
pub fn valid_voter(s: &str) -> bool {
    (8..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn aggregate_json(item: &str, max: i64, a: &Aggregate) -> String {
    serde_json::json!({ "item": item, "count": a.count, "sum": a.sum, "max": max, "yours": a.yours }).to_string()
}

impl App {
    pub fn new(cfg: Config, store: Box<dyn Store>) -> App {
        App {
            cfg,
            store,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn handle(&self, req: &Request) -> Reply {
        let (path, query) = req.target.split_once('?').unwrap_or((req.target, ""));
        let api = self.cfg.api.trim_end_matches('/');
        if let Some(rest) = path.strip_prefix(api).and_then(|r| r.strip_prefix('/')) {
            let mut reply = self.api(req, rest, query);
            self.cors(req, &mut reply);
            return reply;
        }
        match *req.method {
            Method::GET | Method::HEAD => self.file(req, path),
            _ => error(405, "method not allowed"),
        }
    }

    fn cors(&self, req: &Request, reply: &mut Reply) {
        if let Some(o) = req
            .header("origin")
            .filter(|o| self.cfg.cors_origins.iter().any(|a| a == o))
        {
            add(reply, "access-control-allow-origin", o);
            add(reply, "vary", "Origin");
            add(reply, "access-control-allow-methods", "GET, POST");
            add(
                reply,
                "access-control-allow-headers",
                "Content-Type, X-CSRF-Token",
            );
            add(reply, "access-control-max-age", "600");
        }
    }

    fn client(&self, req: &Request) -> String {
        if self.cfg.trust_proxy {
            if let Some(first) = req
                .header("x-forwarded-for")
                .and_then(|h| h.split(',').next())
            {
                return first.trim().to_string();
            }
        }
        req.peer.to_string()
    }

    /// Token bucket per client: `rate_limit` votes a minute, bursts up to the same number.
    /// Returns the seconds to wait when the bucket is empty.
    fn throttle(&self, client: &str) -> Option<u64> {
        let limit = f64::from(self.cfg.rate_limit);
        if limit <= 0.0 {
            return None;
        }
        let mut b = self.buckets.lock().ok()?;
        if b.len() > 100_000 {
            b.clear(); // bound memory under a flood of addresses
        }
        let now = Instant::now();
        let (tokens, at) = b.entry(client.to_string()).or_insert((limit, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * limit / 60.0).min(limit);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            None
        } else {
            Some(((1.0 - *tokens) * 60.0 / limit).ceil().max(1.0) as u64)
        }
    }

    fn api(&self, req: &Request, item: &str, query: &str) -> Reply {
        if !valid_item(item) {
            return error(400, "bad item id");
        }
        match *req.method {
            Method::OPTIONS => reply(204, Vec::new()),
            Method::GET => {
                let voter = query
                    .split('&')
                    .find_map(|p| p.strip_prefix("voter="))
                    .filter(|v| valid_voter(v));
                match self.store.get(item, voter) {
                    Ok(a) => json(200, aggregate_json(item, self.cfg.max, &a)),
                    Err(e) => {
                        eprintln!("civic-server: database error: {e}");
                        error(503, "storage unavailable")
                    }
                }
            }
            Method::POST => self.vote(req, item),
            _ => error(405, "method not allowed"),
        }
    }

    fn vote(&self, req: &Request, item: &str) -> Reply {
        let json_type = req
            .header("content-type")
            .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"));
        if !json_type {
            return error(400, "content type must be application/json");
        }
        if let Some(token) = &self.cfg.csrf_token {
            if req.header("x-csrf-token") != Some(token.as_str()) {
                return error(403, "missing or wrong X-CSRF-Token");
            }
        }
        if req.body.len() > MAX_BODY {
            return error(400, "body too large");
        }
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(req.body) else {
            return error(400, "body must be JSON");
        };
        let Some(score) = v
            .get("score")
            .and_then(serde_json::Value::as_i64)
            .filter(|s| (1..=self.cfg.max).contains(s))
        else {
            return error(
                400,
                &format!("score must be a whole number from 1 to {}", self.cfg.max),
            );
        };
        let Some(voter) = v
            .get("voter")
            .and_then(serde_json::Value::as_str)
            .filter(|s| valid_voter(s))
        else {
            return error(400, "voter must be 8 to 64 letters, digits or dashes");
        };
        if let Some(wait) = self.throttle(&self.client(req)) {
            let mut r = error(429, "too many votes; try again later");
            add(&mut r, "retry-after", &wait.to_string());
            return r;
        }
        match self.store.vote(item, voter, score) {
            Ok(a) => json(200, aggregate_json(item, self.cfg.max, &a)),
            Err(e) => {
                eprintln!("civic-server: database error: {e}");
                error(503, "storage unavailable")
            }
        }
    }

    fn file(&self, req: &Request, path: &str) -> Reply {
        let Some((prefix, dir, csp)) = self
            .cfg
            .mounts
            .iter()
            .filter(|(p, _, _)| path.starts_with(p.as_str()))
            .max_by_key(|(p, _, _)| p.len())
        else {
            return error(404, "not found");
        };
        let rel = percent_decode(&path[prefix.len()..]);
        let rel = Path::new(rel.trim_start_matches('/'));
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return error(404, "not found");
        }
        let mut file = dir.join(rel);
        if file.is_dir() {
            if !path.ends_with('/') {
                let mut r = reply(301, Vec::new());
                add(&mut r, "location", &(path.to_string() + "/"));
                return r;
            }
            file = file.join("index.html");
        }
        let Ok(meta) = std::fs::metadata(&file) else {
            return error(404, "not found");
        };
        let modified = |m: &std::fs::Metadata| {
            m.modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs())
                .unwrap_or(0)
        };
        // A precompressed sibling (`x.wasm.br`, `x.wasm.gz`: `npm run build` writes them for
        // pkg/) is sent when the client accepts it and it is not older than the file itself.
        let accepted = req.header("accept-encoding").unwrap_or("");
        let (body_path, body_meta, coding) = [("br", "br"), ("gzip", "gz")]
            .into_iter()
            .filter(|(coding, _)| accepts(accepted, coding))
            .find_map(|(coding, suffix)| {
                let mut alt = file.clone().into_os_string();
                alt.push(".");
                alt.push(suffix);
                let alt = PathBuf::from(alt);
                let m = std::fs::metadata(&alt).ok()?;
                (modified(&m) >= modified(&meta)).then_some((alt, m, Some(coding)))
            })
            .unwrap_or((file.clone(), meta, None));
        let etag = format!(
            "\"{:x}-{:x}{}\"",
            body_meta.len(),
            modified(&body_meta),
            coding.map_or(String::new(), |c| format!("-{c}"))
        );
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let ctype = match ext {
            "html" => "text/html; charset=utf-8",
            "js" | "mjs" => "text/javascript; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "wasm" => "application/wasm",
            "json" => "application/json",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "ico" => "image/x-icon",
            "txt" | "md" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        };
        let mut r = if req.header("if-none-match") == Some(etag.as_str()) {
            reply(304, Vec::new())
        } else {
            match std::fs::read(&body_path) {
                Ok(data) => reply(200, data),
                Err(_) => return error(404, "not found"),
            }
        };
        if let Some(c) = coding {
            add(&mut r, "content-encoding", c);
        }
        add(&mut r, "vary", "Accept-Encoding");
        // Revalidate every time (ETag makes that a 304): a rebuilt pkg/ is never served stale.
        add(&mut r, "content-type", ctype);
        add(&mut r, "cache-control", "no-cache");
        add(&mut r, "etag", &etag);
        add(&mut r, "x-content-type-options", "nosniff");
        add(&mut r, "referrer-policy", "strict-origin-when-cross-origin");
        if *csp && ext == "html" {
            add(&mut r, "content-security-policy", STRICT_CSP);
        }
        r
    }
}

/// Whether an `Accept-Encoding` value accepts `coding` (a listed coding without `q=0`).
fn accepts(header: &str, coding: &str) -> bool {
    header.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let refused = it.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn accept_encoding() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("GZIP", "gzip"));
        assert!(accepts("br;q=0.5, gzip", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("br; q=0.0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("gzipx, xbr", "br"));
        assert!(!accepts("identity", "gzip"));
    }
}
