//! HTTP handling: the `civic` rating protocol (CONTRACT.md §3) and static files.

use crate::stats::Stats;
use crate::store::{Aggregate, Store};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Response, StatusCode};
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    /// Which `X-Forwarded-For` entries a reverse proxy wrote (see [`Proxies`]).
    pub trust_proxy: Proxies,
    /// Database work at once (the PostgreSQL pool size); more requests wait their turn.
    pub db_slots: usize,
    /// Visit statistics endpoint (CONTRACT §3b); empty: none.
    pub stats_api: String,
    /// Counted page views per minute per client; more are answered 429 and not counted.
    pub stats_rate_limit: u32,
}

/// `--trust-proxy`: how to find the visitor's address behind reverse proxies. The client
/// writes whatever it likes into `X-Forwarded-For`; only what a trusted proxy appended counts,
/// so the address is the right-most one not written by a trusted proxy (as nginx `real_ip`
/// with `real_ip_recursive` and Express `trust proxy` do).
#[derive(Debug, Clone, PartialEq)]
pub enum Proxies {
    /// No proxy: the socket's peer is the client; `X-Forwarded-For` is ignored.
    None,
    /// `--trust-proxy N`: the last N hops (the peer and N-1 forwarded entries) are proxies.
    Hops(usize),
    /// `--trust-proxy ADDR,ADDR`: these addresses are proxies, wherever they appear.
    Addrs(Vec<IpAddr>),
}

impl Proxies {
    /// `--trust-proxy` value: a hop count (`1`, `2`) or a comma-separated address list.
    pub fn parse(v: &str) -> Option<Proxies> {
        if let Ok(n) = v.parse::<usize>() {
            return (1..=16).contains(&n).then_some(Proxies::Hops(n));
        }
        let addrs: Option<Vec<IpAddr>> = v.split(',').map(|a| a.trim().parse().ok()).collect();
        addrs.filter(|a| !a.is_empty()).map(Proxies::Addrs)
    }

    /// Whether a socket peer is one of the trusted proxies.
    pub fn trusts(&self, peer: IpAddr) -> bool {
        match self {
            Proxies::None => false,
            Proxies::Hops(_) => true,
            Proxies::Addrs(a) => a.contains(&peer),
        }
    }

    /// The visitor's address, from the peer and the `X-Forwarded-For` header.
    pub fn client(&self, peer: IpAddr, forwarded: Option<&str>) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        // The hops, nearest first: the peer, then the forwarded entries from right to left.
        // An entry that is not an address ends the chain: nothing left of it can be trusted.
        let entries = forwarded.unwrap_or("").rsplit(',').map(str::trim);
        let mut hops = std::iter::once(Some(peer)).chain(entries.map(|e| e.parse().ok()));
        let mut last = peer;
        let mut seen = 0usize;
        loop {
            let Some(Some(ip)) = hops.next() else {
                return last;
            };
            last = ip;
            seen += 1;
            let proxy = match self {
                Proxies::Hops(n) => seen <= *n,
                Proxies::Addrs(a) => a.contains(&ip),
                Proxies::None => false,
            };
            if !proxy {
                return ip;
            }
        }
    }
}

/// What a request needs from the database, so the HTTP layer can queue it without a thread.
pub enum Route {
    /// A file: no database.
    Static,
    /// An aggregate read (or an answer without the database: OPTIONS, a bad item id).
    Read,
    /// A vote for this item.
    Vote(String),
    /// A page view to count: memory only, answered without the database or a thread.
    Hit,
}

/// One async lock per item with votes under way: votes stuck behind a locked row wait here
/// (bounded by the caller), holding no database connection and no thread.
#[derive(Default)]
pub struct Gates(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl Gates {
    pub async fn enter(&self, item: String) -> tokio::sync::OwnedMutexGuard<()> {
        let gate = match self.0.lock() {
            Ok(mut m) => {
                if m.len() > 10_000 {
                    m.retain(|_, g| Arc::strong_count(g) > 1); // forget idle items
                }
                m.entry(item).or_default().clone()
            }
            Err(_) => Arc::default(),
        };
        gate.lock_owned().await
    }
}

/// The strict policy the demo portal runs under: proof that the widgets need nothing looser.
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; \
require-trusted-types-for 'script'";

/// HTML outside `--strict-csp` mounts: what any page can live with (no plugins, no `<base>`
/// hijack, no framing by other sites), without restricting the page's own scripts and styles.
pub const BASELINE_CSP: &str = "object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

/// Largest static file served (the demo's biggest is ~150 KB); larger ones answer 404.
const MAX_FILE: u64 = 32 * 1024 * 1024;

/// `path` with every link resolved, if that lies inside the mounted folder `dir`: a symlink
/// to `/etc/passwd` or `/dev/zero` placed in the folder is not served.
fn inside(dir: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(dir.canonicalize().ok()?).then_some(real)
}

/// The metadata of a regular file of at most `MAX_FILE` bytes (not a FIFO, device or folder).
fn regular(path: &Path) -> Option<std::fs::Metadata> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && m.len() <= MAX_FILE)
}

/// Reads a regular file. Opened non-blocking, and checked again through the open handle, so a
/// FIFO swapped in after the check cannot stall a thread.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(0o4000); // O_NONBLOCK (Linux); harmless on a regular file
    }
    let f = opts.open(path).ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return None;
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    f.take(MAX_FILE + 1).read_to_end(&mut data).ok()?;
    Some(data)
}

type Buckets = Mutex<HashMap<IpAddr, (f64, Instant)>>;

pub struct App {
    pub cfg: Config,
    pub store: Box<dyn Store>,
    pub stats: Stats,
    buckets: Buckets,
    hit_buckets: Buckets,
    pub gates: Gates,
    pub db_slots: Arc<tokio::sync::Semaphore>,
    /// The last store error logged and when: an outage is logged once, not per request.
    logged: Mutex<Option<(String, Instant)>>,
}

pub type Reply = Response<Full<Bytes>>;

/// What the HTTP layer hands over: the request head, the client address and the body, read
/// up to `MAX_BODY + 1` bytes (so "too large" can be told apart).
pub struct Request<'a> {
    pub method: &'a Method,
    /// Path and query as sent, e.g. `/api/ratings/news-1`.
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
    add(&mut r, "x-content-type-options", "nosniff");
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
    pub fn new(cfg: Config, store: Box<dyn Store>, stats: Stats) -> App {
        App {
            db_slots: Arc::new(tokio::sync::Semaphore::new(cfg.db_slots.max(1))),
            cfg,
            store,
            stats,
            buckets: Mutex::new(HashMap::new()),
            hit_buckets: Mutex::new(HashMap::new()),
            gates: Gates::default(),
            logged: Mutex::new(None),
        }
    }

    /// Writes the page views counted since the last batch; a failure is logged like any store
    /// error and the counts stay pending for the next batch.
    pub fn flush_stats(&self) {
        if let Err(e) = self.stats.flush(&*self.store) {
            let _ = self.unavailable(&e);
        }
    }

    /// Whether a socket peer is a trusted reverse proxy (its connections carry many visitors).
    pub fn is_proxy(&self, peer: IpAddr) -> bool {
        self.cfg.trust_proxy.trusts(peer)
    }

    /// What `target` needs from the database (see [`Route`]).
    pub fn route(&self, method: &Method, target: &str) -> Route {
        let path = target.split_once('?').map_or(target, |(p, _)| p);
        if let Some(rest) = self.under_stats(path) {
            return if rest == "/hit" && *method == Method::POST {
                Route::Hit
            } else {
                Route::Read
            };
        }
        let api = self.cfg.api.trim_end_matches('/');
        match path.strip_prefix(api).and_then(|r| r.strip_prefix('/')) {
            None => Route::Static,
            Some(item) if *method == Method::POST && valid_item(item) => {
                Route::Vote(item.to_string())
            }
            Some(_) => Route::Read,
        }
    }

    /// A store error: 503 with JSON. Logged once per outage (again only when the message
    /// changes or a minute has passed), so a dead database does not flood the log.
    fn unavailable(&self, e: &str) -> Reply {
        if let Ok(mut last) = self.logged.lock() {
            let fresh = match &*last {
                Some((m, at)) => m != e || at.elapsed() > Duration::from_secs(60),
                None => true,
            };
            if fresh {
                eprintln!("civic-server: database error: {e}");
                *last = Some((e.to_string(), Instant::now()));
            }
        }
        error(503, "storage unavailable")
    }

    /// The rest of `path` after the stats endpoint (`""`, `"/hit"`, …), if it is under it.
    fn under_stats<'p>(&self, path: &'p str) -> Option<&'p str> {
        let api = self.cfg.stats_api.trim_end_matches('/');
        let rest = path.strip_prefix(api).filter(|_| !api.is_empty())?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    }

    pub fn handle(&self, req: &Request) -> Reply {
        let path = req.target.split_once('?').map_or(req.target, |(p, _)| p);
        if let Some(rest) = self.under_stats(path) {
            let mut reply = self.stats_api(req, rest);
            self.cors(req, &mut reply);
            return reply;
        }
        let api = self.cfg.api.trim_end_matches('/');
        if let Some(rest) = path.strip_prefix(api).and_then(|r| r.strip_prefix('/')) {
            let mut reply = self.api(req, rest);
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

    fn client(&self, req: &Request) -> IpAddr {
        self.cfg
            .trust_proxy
            .client(req.peer, req.header("x-forwarded-for"))
    }

    /// Token bucket per client: `limit` requests a minute, bursts up to the same number.
    /// Returns the seconds to wait when the bucket is empty.
    fn throttle(buckets: &Buckets, limit: u32, client: IpAddr) -> Option<u64> {
        let limit = f64::from(limit);
        if limit <= 0.0 {
            return None;
        }
        let mut b = buckets.lock().ok()?;
        if b.len() > 100_000 {
            b.clear(); // bound memory under a flood of addresses
        }
        let now = Instant::now();
        let (tokens, at) = b.entry(client).or_insert((limit, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * limit / 60.0).min(limit);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            None
        } else {
            Some(((1.0 - *tokens) * 60.0 / limit).ceil().max(1.0) as u64)
        }
    }

    fn api(&self, req: &Request, item: &str) -> Reply {
        if !valid_item(item) {
            return error(400, "bad item id");
        }
        match *req.method {
            Method::OPTIONS => reply(204, Vec::new()),
            // A page view carries no voter id (CONTRACT §3): `yours` is only ever answered to
            // the vote itself, so knowing someone's id reads nothing and no reader is followed
            // from article to article. `?voter=` from older widgets is ignored.
            Method::GET => match self.store.get(item, None) {
                Ok(a) => json(200, aggregate_json(item, self.cfg.max, &a)),
                Err(e) => self.unavailable(&e),
            },
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
        if let Some(wait) = App::throttle(&self.buckets, self.cfg.rate_limit, self.client(req)) {
            let mut r = error(429, "too many votes; try again later");
            add(&mut r, "retry-after", &wait.to_string());
            return r;
        }
        match self.store.vote(item, voter, score) {
            Ok(a) => json(200, aggregate_json(item, self.cfg.max, &a)),
            Err(e) => self.unavailable(&e),
        }
    }

    /// `GET {stats}`: the figures; `POST {stats}/hit`: count a page view (CONTRACT §3b).
    fn stats_api(&self, req: &Request, rest: &str) -> Reply {
        match (rest, req.method) {
            (_, &Method::OPTIONS) => reply(204, Vec::new()),
            ("" | "/", &Method::GET) => match self.stats.read(Some(&*self.store)) {
                Ok(Some(figures)) => self.stats_json(figures),
                Ok(None) => self.unavailable("no figures"),
                Err(e) => self.unavailable(&e),
            },
            ("/hit", &Method::POST) => self.hit(req),
            ("" | "/" | "/hit", _) => error(405, "method not allowed"),
            _ => error(404, "not found"),
        }
    }

    fn stats_json(
        &self,
        (at, f, online): (crate::store::Periods, crate::store::Figures, i64),
    ) -> Reply {
        json(
            200,
            serde_json::json!({
                "online": online, "today": f.today, "yesterday": f.yesterday,
                "month": f.month, "year": f.year, "total": f.total,
                "visitors_today": f.visitors_today,
                "visitors_yesterday": f.visitors_yesterday,
                "day": at.today, "tz": self.stats.tz_name,
            })
            .to_string(),
        )
    }

    /// A page view. Counted: `200` with the figures, this view included (the widget needs no
    /// second request, and its figures cannot miss the view that a separate read could
    /// overtake); `204` when the figures are not at hand without the database (just started,
    /// just past midnight). Not counted, and answered `204` all the same (a bot learns
    /// nothing): bots, prefetches and prerenders. Over `--stats-rate-limit`: `429`.
    fn hit(&self, req: &Request) -> Reply {
        if req.body.len() > MAX_BODY {
            return error(400, "body too large");
        }
        // sendBeacon sends text/plain: the body is read as JSON whatever its type. Empty is fine.
        if !req.body.iter().all(u8::is_ascii_whitespace) {
            let Ok(v) = serde_json::from_slice::<serde_json::Value>(req.body) else {
                return error(400, "body must be JSON");
            };
            let Some(o) = v.as_object() else {
                return error(400, "body must be a JSON object");
            };
            let path_ok = match o.get("path") {
                None => true,
                Some(p) => p
                    .as_str()
                    .is_some_and(|p| p.starts_with('/') && p.len() <= 1024),
            };
            if !path_ok {
                return error(400, "path must be the page's path, at most 1024 characters");
            }
        }
        let purpose = |h: &str| {
            req.header(h).is_some_and(|v| {
                v.to_ascii_lowercase().contains("prefetch") || v.contains("preview")
            })
        };
        if purpose("sec-purpose") || purpose("purpose") || purpose("x-purpose") || purpose("x-moz")
        {
            return reply(204, Vec::new());
        }
        let ua = req.header("user-agent").unwrap_or("");
        if crate::stats::is_bot(ua) {
            return reply(204, Vec::new());
        }
        let client = self.client(req);
        if let Some(wait) = App::throttle(&self.hit_buckets, self.cfg.stats_rate_limit, client) {
            let mut r = error(429, "too many page views from this address");
            add(&mut r, "retry-after", &wait.to_string());
            return r;
        }
        self.stats.hit(client, ua, req.header("host").unwrap_or(""));
        match self.stats.read(None) {
            Ok(Some(figures)) => self.stats_json(figures),
            _ => {
                let mut r = reply(204, Vec::new());
                add(&mut r, "cache-control", "no-store");
                r
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
        // Plain names only: no `..`, no root, no dotfiles (`.env`, `.git/`).
        let plain = |c: Component| matches!(c, Component::Normal(n) if !n.as_encoded_bytes().starts_with(b"."));
        if !rel.components().all(plain) {
            return error(404, "not found");
        }
        let Some(mut file) = inside(dir, &dir.join(rel)) else {
            return error(404, "not found");
        };
        if file.is_dir() {
            if !path.ends_with('/') {
                // A same-origin path: `//en` must not become `//en/`, a link to a host named "en".
                let mut r = reply(301, Vec::new());
                let here = path.trim_start_matches(['/', '\\']);
                add(&mut r, "location", &(String::from("/") + here + "/"));
                return r;
            }
            match inside(dir, &file.join("index.html")) {
                Some(index) => file = index,
                None => return error(404, "not found"),
            }
        }
        let Some(meta) = regular(&file) else {
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
                let alt = inside(dir, Path::new(&alt))?;
                let m = regular(&alt)?;
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
            match read_regular(&body_path) {
                Some(data) => reply(200, data),
                None => return error(404, "not found"),
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
        if ext == "html" {
            add(
                &mut r,
                "content-security-policy",
                if *csp { STRICT_CSP } else { BASELINE_CSP },
            );
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
