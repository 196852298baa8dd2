//! civic-server: the reference rating server of civic-a11y; also serves the demo portal.
//!
//! ```text
//! civic-server [--port 8080] [--host 127.0.0.1] [--db data/ratings.sqlite3 | --db postgres://...]
//!              [--static /=www] [--strict-csp /] [--api /api/ratings] [--max 5]
//!              [--cors-origin https://portal.example] [--csrf-token TOKEN]
//!              [--rate-limit 30] [--trust-proxy [N | ADDR,ADDR]] [--threads 8]
//! ```

mod app;
mod http;
mod store;

use std::sync::Arc;

fn usage(msg: &str) -> ! {
    eprintln!(
        "civic-server: {msg}\nsee the comment at the top of server/src/main.rs for the options"
    );
    std::process::exit(2);
}

fn main() {
    let mut port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let mut host = String::from("127.0.0.1");
    let mut db =
        std::env::var("DATABASE_URL").unwrap_or_else(|_| String::from("data/ratings.sqlite3"));
    let mut cfg = app::Config {
        api: String::from("/api/ratings"),
        max: 5,
        mounts: Vec::new(),
        cors_origins: Vec::new(),
        csrf_token: None,
        rate_limit: 30,
        trust_proxy: app::Proxies::None,
        db_slots: 8,
    };
    let mut strict: Vec<String> = Vec::new();
    // Threads for the blocking part of requests (database, files); connections need none.
    let mut threads = 8usize;
    let mut args = std::env::args().skip(1).peekable();
    while let Some(a) = args.next() {
        let mut val = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--port" => port = val().parse().unwrap_or_else(|_| usage("bad --port")),
            "--host" => host = val(),
            "--db" => db = val(),
            "--api" => cfg.api = val(),
            "--max" => {
                cfg.max = val()
                    .parse()
                    .ok()
                    .filter(|m| (2..=10).contains(m))
                    .unwrap_or_else(|| usage("--max is 2..10"))
            }
            "--static" => {
                let v = val();
                let (prefix, dir) = v
                    .split_once('=')
                    .unwrap_or_else(|| usage("--static wants PREFIX=DIR"));
                cfg.mounts.push((prefix.to_string(), dir.into(), false));
            }
            "--strict-csp" => strict.push(val()),
            "--cors-origin" => cfg.cors_origins.push(val()),
            "--csrf-token" => cfg.csrf_token = Some(val()),
            "--rate-limit" => {
                cfg.rate_limit = val().parse().unwrap_or_else(|_| usage("bad --rate-limit"))
            }
            // Alone: one proxy (nginx in front). With a value: a hop count or proxy addresses.
            "--trust-proxy" => {
                cfg.trust_proxy = match args.next_if(|v| !v.starts_with("--")) {
                    None => app::Proxies::Hops(1),
                    Some(v) => app::Proxies::parse(&v).unwrap_or_else(|| {
                        usage("--trust-proxy takes a hop count (1-16) or proxy addresses a,b")
                    }),
                }
            }
            "--threads" => {
                threads = val()
                    .parse()
                    .ok()
                    .filter(|t| *t > 0)
                    .unwrap_or_else(|| usage("bad --threads"))
            }
            "-h" | "--help" => usage("help"),
            other => usage(&format!("unknown option {other}")),
        }
    }
    for (prefix, _, csp) in cfg.mounts.iter_mut() {
        *csp = strict.iter().any(|s| s == prefix);
    }
    let store = store::open(&db, threads).unwrap_or_else(|e| {
        eprintln!("civic-server: cannot open the database {db}: {e}");
        std::process::exit(1);
    });
    let listener = std::net::TcpListener::bind((host.as_str(), port)).unwrap_or_else(|e| {
        eprintln!("civic-server: cannot listen on {host}:{port}: {e}");
        std::process::exit(1);
    });
    let shown = if db.contains("://") && !db.starts_with("sqlite") {
        "PostgreSQL"
    } else {
        db.as_str()
    };
    println!("civic-server: http://{host}:{port}/  (ratings in {shown})");
    cfg.db_slots = threads;
    let app = Arc::new(app::App::new(cfg, store));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        // Database work takes at most `threads` of these (App::db_slots); the rest keep
        // static files answering while the database is slow.
        .max_blocking_threads(threads + 4)
        .enable_all()
        .build()
        .unwrap_or_else(|e| {
            eprintln!("civic-server: cannot start: {e}");
            std::process::exit(1);
        });
    if let Err(e) = runtime.block_on(http::serve(listener, app, http::stop_signal())) {
        eprintln!("civic-server: {e}");
        std::process::exit(1);
    }
}
