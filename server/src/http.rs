//! The HTTP/1.1 front: hyper on a small tokio runtime. Connections are cheap tasks (an idle
//! keep-alive costs no thread), and the blocking work of a request (SQLite, the synchronous
//! PostgreSQL client, reading a file) runs on tokio's blocking pool, so a slow disk or database
//! never stops other connections from being read and answered.
//!
//! (Until 2026-11 this was tiny_http 0.12, whose connection thread pool can miss a wake-up and
//! leave a new connection with no thread to read it for as long as the other keep-alive
//! connections stay open: a burst of 32 clients at start-up stalled a few of them.
//! `tests/api.rs` guards the property: a burst of keep-alive clients is always answered.)

use crate::app::{error, App, Reply, Request, MAX_BODY};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Open connections beyond this wait in the kernel's accept queue instead of using memory.
const MAX_CONNECTIONS: usize = 4096;
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
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let service = service_fn(move |req| respond(app.clone(), peer, req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = watcher.watch(conn).await;
            drop(slot);
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
    let work = tokio::task::spawn_blocking(move || {
        let target = head.uri.path_and_query().map_or("/", |p| p.as_str());
        app.handle(&Request {
            method: &head.method,
            target,
            headers: &head.headers,
            peer: peer.ip(),
            body: &body,
        })
    });
    // The handler does not panic by design; if it ever did, the client still gets an answer.
    Ok(work.await.unwrap_or_else(|_| error(500, "internal error")))
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
