//! The HTTP/1.1 front: hyper on a small tokio runtime. Connections are cheap tasks (an idle
//! keep-alive costs no thread), and the blocking work of a request (SQLite, the synchronous
//! PostgreSQL client, reading a file) runs on tokio's blocking pool, so a slow disk or database
//! never stops other connections from being read and answered.
//!
//! (Until 2026-11 this was tiny_http 0.12, whose connection thread pool can miss a wake-up and
//! leave a new connection with no thread to read it for as long as the other keep-alive
//! connections stay open: a burst of 32 clients at start-up stalled a few of them.
//! `tests/api.rs` guards the property: a burst of keep-alive clients is always answered.)

use crate::app::{error, App, Reply, Request, Route, MAX_BODY};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// Open connections beyond this wait in the kernel's accept queue instead of using memory.
const MAX_CONNECTIONS: usize = 4096;
/// One client address may hold at most this many of them, so a single host cannot take every
/// slot (4,100 connections that never read their answers used to lock everyone else out).
/// Generous for an office or a school behind one NAT address (browsers open ≤ 6 per site);
/// not applied to a `--trust-proxy` peer, whose connections carry many visitors.
const MAX_PER_CLIENT: usize = 256;
/// A response that cannot be written for this long (the client stopped reading) ends its
/// connection: without it, a client that pipelines requests and never reads holds its slot
/// for ever.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// A client has this long to send a request's head (slow-loris guard) ...
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// ... and this long for its body.
const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// An oversized body is read (and dropped) up to this much so the 400 reaches the client
/// instead of a connection reset; beyond it the connection is simply closed.
const DRAIN_LIMIT: usize = 64 * 1024;
/// On SIGTERM, how long requests under way may take to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves until `stop` completes, then stops accepting, lets requests under way finish (at most
/// `DRAIN_TIMEOUT`) and returns: a rolling restart behind a load balancer loses no answer.
pub async fn serve(
    listener: std::net::TcpListener,
    app: Arc<App>,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let per_client = Arc::new(Mutex::new(HashMap::<IpAddr, usize>::new()));
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let next = async {
            let slot = slots.clone().acquire_owned().await.ok()?;
            Some((slot, listener.accept().await))
        };
        let (slot, accepted) = tokio::select! {
            next = next => match next {
                Some(n) => n,
                None => break,
            },
            () = &mut stop => break,
        };
        let (stream, peer) = match accepted {
            Ok(conn) => conn,
            Err(e) => {
                // Out of file descriptors and the like: say so, breathe, keep serving.
                eprintln!("civic-server: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let counted = if app.is_proxy(peer.ip()) {
            None
        } else {
            match ClientSlot::take(&per_client, peer.ip()) {
                Some(c) => Some(c),
                None => continue, // over its share: the stream is dropped, i.e. closed
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let service = service_fn(move |req| respond(app.clone(), peer, req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(Guarded::new(stream)), service);
            let _ = watcher.watch(conn).await;
            drop((slot, counted));
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN_TIMEOUT) => {
            eprintln!("civic-server: requests still under way after {DRAIN_TIMEOUT:?}; stopping anyway");
        }
    }
    Ok(())
}

/// One of a client address's `MAX_PER_CLIENT` connections; gives it back when dropped.
struct ClientSlot {
    map: Arc<Mutex<HashMap<IpAddr, usize>>>,
    ip: IpAddr,
}

impl ClientSlot {
    fn take(map: &Arc<Mutex<HashMap<IpAddr, usize>>>, ip: IpAddr) -> Option<ClientSlot> {
        let mut m = map.lock().ok()?;
        let n = m.entry(ip).or_insert(0);
        if *n >= MAX_PER_CLIENT {
            return None;
        }
        *n += 1;
        Some(ClientSlot {
            map: map.clone(),
            ip,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        if let Ok(mut m) = self.map.lock() {
            if let Some(n) = m.get_mut(&self.ip) {
                *n -= 1;
                if *n == 0 {
                    m.remove(&self.ip);
                }
            }
        }
    }
}

/// The socket as hyper sees it, with two additions hyper lacks:
/// - a write that makes no progress for `WRITE_TIMEOUT` fails, which ends the connection;
/// - hyper's own answers to unparsable requests (400, 414, 431, …: a status line and
///   `content-length: 0`) get the same `{"error": …}` JSON body as every other error.
struct Guarded {
    io: TcpStream,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Bytes that replace one of hyper's bodiless error answers, still to be written.
    out: Vec<u8>,
}

impl Guarded {
    fn new(io: TcpStream) -> Guarded {
        Guarded {
            io,
            stalled: None,
            out: Vec::new(),
        }
    }

    /// Ready(Err) once a pending write has waited `WRITE_TIMEOUT`; Pending otherwise.
    fn stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_TIMEOUT)));
        ready!(timer.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client stopped reading",
        ))
    }

    /// Writes `out` until it is empty.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.out.is_empty() {
            match Pin::new(&mut self.io).poll_write(cx, &self.out) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => {
                    self.stalled = None;
                    self.out.drain(..n);
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return self.stall(cx).map(Err),
            }
        }
        Poll::Ready(Ok(()))
    }
}

/// `HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n…\r\n\r\n`, as
/// hyper writes it when it cannot parse a request, rewritten with a JSON body; `None` for
/// anything else (every answer of ours has a content type).
fn with_json_body(head: &[u8]) -> Option<Vec<u8>> {
    // Every write passes here: reject file bodies and our own answers cheaply (hyper's canned
    // answers are a status line and two short headers) before looking at the text.
    if head.len() > 512 || !head.starts_with(b"HTTP/1.") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let rest = text
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| text.strip_prefix("HTTP/1.0 "))?;
    let headers = rest.strip_suffix("\r\n\r\n")?;
    let lower = headers.to_ascii_lowercase();
    if !(rest.starts_with('4') || rest.starts_with('5'))
        || headers.contains("\r\n\r\n")
        || !lower.contains("\r\ncontent-length: 0")
        || lower.contains("\r\ncontent-type:")
    {
        return None;
    }
    let (status_line, fields) = headers.split_once("\r\n")?;
    let reason = status_line
        .get(4..)
        .unwrap_or("bad request")
        .to_ascii_lowercase();
    let body = serde_json::json!({ "error": reason }).to_string();
    let mut out = String::from(&text[..text.len() - rest.len()]);
    out.push_str(status_line);
    for field in fields.split("\r\n") {
        if !field.to_ascii_lowercase().starts_with("content-length:") {
            out.push_str("\r\n");
            out.push_str(field);
        }
    }
    out.push_str("\r\ncontent-type: application/json; charset=utf-8");
    out.push_str("\r\nx-content-type-options: nosniff\r\ncache-control: no-store");
    out.push_str(&format!("\r\ncontent-length: {}\r\n\r\n{body}", body.len()));
    Some(out.into_bytes())
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        if let Some(replacement) = with_json_body(buf) {
            this.out = replacement;
            // Accepted whole: hyper flushes next, and the flush writes the replacement.
            return Poll::Ready(Ok(buf.len()));
        }
        match Pin::new(&mut this.io).poll_write(cx, buf) {
            Poll::Ready(r) => {
                this.stalled = None;
                Poll::Ready(r)
            }
            Poll::Pending => this.stall(cx).map(Err),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}

/// SIGTERM (what service managers and container runtimes send) or Ctrl-C.
pub async fn stop_signal() {
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
}

async fn respond(
    app: Arc<App>,
    peer: SocketAddr,
    req: hyper::Request<Incoming>,
) -> Result<Reply, Infallible> {
    let (head, body) = req.into_parts();
    let body = match tokio::time::timeout(BODY_TIMEOUT, read_body(body)).await {
        Ok(Ok(body)) => body,
        Ok(Err(())) => return Ok(error(400, "unreadable body")),
        Err(_) => return Ok(error(408, "request body not received in time")),
    };
    let target = head.uri.path_and_query().map_or("/", |p| p.as_str());
    // Database work waits here, without holding a thread: for a database slot (so static
    // files always find a free thread), and a vote for its item's turn (so votes stuck behind
    // one locked row hold one slot, not all of them). Both waits are bounded.
    let mut held = (None, None);
    match app.route(&head.method, target) {
        Route::Static => {}
        // A page view only touches memory: answered here, without a blocking thread.
        Route::Hit => {
            return Ok(app.handle(&Request {
                method: &head.method,
                target,
                headers: &head.headers,
                peer: peer.ip(),
                body: &body,
            }))
        }
        route => {
            if let Route::Vote(item) = route {
                match tokio::time::timeout(QUEUE_TIMEOUT, app.gates.enter(item)).await {
                    Ok(gate) => held.0 = Some(gate),
                    Err(_) => return Ok(busy()),
                }
            }
            match tokio::time::timeout(QUEUE_TIMEOUT, app.db_slots.clone().acquire_owned()).await {
                Ok(Ok(permit)) => held.1 = Some(permit),
                _ => return Ok(busy()),
            }
        }
    }
    let work = tokio::task::spawn_blocking(move || {
        let target = head.uri.path_and_query().map_or("/", |p| p.as_str());
        let reply = app.handle(&Request {
            method: &head.method,
            target,
            headers: &head.headers,
            peer: peer.ip(),
            body: &body,
        });
        drop(held);
        reply
    });
    // The handler does not panic by design; if it ever did, the client still gets an answer.
    Ok(work.await.unwrap_or_else(|_| error(500, "internal error")))
}

/// How long a request may wait for its turn at the database before it is answered 503.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(5);

/// 503 + `Retry-After`: the widget keeps the vote and sends it again.
fn busy() -> Reply {
    let mut r = error(503, "storage busy; try again shortly");
    if let Ok(v) = hyper::header::HeaderValue::from_str("2") {
        r.headers_mut().insert(hyper::header::RETRY_AFTER, v);
    }
    r
}

/// Reads at most `MAX_BODY + 1` bytes (enough for the handler to say "too large"), draining
/// and dropping the rest up to `DRAIN_LIMIT`.
async fn read_body(mut body: Incoming) -> Result<Vec<u8>, ()> {
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| ())?;
        if let Some(data) = frame.data_ref() {
            seen += data.len();
            let room = (MAX_BODY + 1).saturating_sub(kept.len());
            kept.extend_from_slice(&data[..data.len().min(room)]);
            if seen > DRAIN_LIMIT {
                break;
            }
        }
    }
    Ok(kept)
}
