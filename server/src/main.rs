//! civic-server: the reference rating server of civic-a11y; also serves the demo portal.
//!
//! ```text
//! civic-server [--port 8080] [--host 127.0.0.1] [--db data/ratings.sqlite3 | --db postgres://...]
//!              [--static /=www] [--strict-csp /] [--api /api/ratings] [--max 5]
//!              [--cors-origin https://portal.example] [--csrf-token TOKEN]
//!              [--rate-limit 30] [--trust-proxy [N | ADDR,ADDR]] [--threads 8]
//!              [--stats-api /api/stats] [--tz Asia/Ho_Chi_Minh] [--stats-flush 1000]
//!              [--stats-rate-limit 120]
//! civic-server stats import [--db ...] [--tz ...] [--if-empty]
//!              [--total N] [--year N] [--month N] [--yesterday N] [--today N]
//! ```
//!
//! `stats import` sets the visit statistics' starting figures (a portal's historic totals from
//! its old counter) for the current local year, month and days, then exits.
//!
//! Test hooks (environment, tests only): `CIVIC_TEST_CLOCK=FILE` reads the time for visit
//! statistics from FILE (unix seconds); `CIVIC_TEST_SHOW_SALT=1` prints each daily salt.

mod app;
mod http;
mod stats;
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
        stats_api: String::from("/api/stats"),
        stats_rate_limit: 120,
    };
    let mut tz_name = String::from("Asia/Ho_Chi_Minh");
    let mut flush_ms = 1000u64;
    let mut import: Vec<(&'static str, i64)> = Vec::new();
    let mut if_empty = false;
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let importing =
        args.first().is_some_and(|a| a == "stats") && args.get(1).is_some_and(|a| a == "import");
    if importing {
        args.drain(..2);
    }
    let mut strict: Vec<String> = Vec::new();
    // Threads for the blocking part of requests (database, files); connections need none.
    let mut threads = 8usize;
    let mut args = args.into_iter().peekable();
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
            "--stats-api" => cfg.stats_api = val(),
            "--tz" => tz_name = val(),
            "--stats-flush" => {
                flush_ms = val()
                    .parse()
                    .ok()
                    .filter(|m| (10..=60_000).contains(m))
                    .unwrap_or_else(|| usage("--stats-flush is 10..60000 ms"))
            }
            "--stats-rate-limit" => {
                cfg.stats_rate_limit = val()
                    .parse()
                    .unwrap_or_else(|_| usage("bad --stats-rate-limit"))
            }
            "--total" | "--year" | "--month" | "--yesterday" | "--today" if importing => {
                let scope = match a.as_str() {
                    "--total" => "total",
                    "--year" => "year",
                    "--month" => "month",
                    "--yesterday" => "yesterday",
                    _ => "today",
                };
                let n = val()
                    .replace(['.', ','], "")
                    .parse()
                    .ok()
                    .filter(|n: &i64| *n >= 0)
                    .unwrap_or_else(|| usage(&format!("{a} wants a whole number")));
                import.push((scope, n));
            }
            "--if-empty" if importing => if_empty = true,
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
    let tz = stats::parse_tz(&tz_name).unwrap_or_else(|| {
        usage("--tz wants a time zone name (Asia/Ho_Chi_Minh) or an offset (+07:00)")
    });
    let stats = stats::Stats::new(
        tz,
        &tz_name,
        stats::Clock::from_env(),
        std::time::Duration::from_millis(flush_ms),
    );
    if importing {
        std::process::exit(import_stats(&*store, &stats, &import, if_empty));
    }
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
    let app = Arc::new(app::App::new(cfg, store, stats));
    // Page views are written once per batch window (and once more on the way out, below).
    let flusher = app.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(flusher.stats.window);
        flusher.flush_stats();
    });
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
    let served = runtime.block_on(http::serve(listener, app.clone(), http::stop_signal()));
    app.flush_stats();
    if let Err(e) = served {
        eprintln!("civic-server: {e}");
        std::process::exit(1);
    }
}

/// `civic-server stats import`: each figure given becomes what that period shows now.
fn import_stats(
    store: &dyn store::Store,
    stats: &stats::Stats,
    figures: &[(&str, i64)],
    if_empty: bool,
) -> i32 {
    if figures.is_empty() {
        usage("stats import wants at least one of --total --year --month --yesterday --today");
    }
    match store.stats_imported() {
        Ok(true) if if_empty => {
            println!("civic-server: starting figures already imported; nothing changed");
            return 0;
        }
        Err(e) => {
            eprintln!("civic-server: {e}");
            return 1;
        }
        _ => {}
    }
    let at = stats.periods(stats.clock.now());
    for (what, n) in figures {
        let scope = match *what {
            "total" => "total".to_string(),
            "year" => format!("year:{}", at.year),
            "month" => format!("month:{}", at.month),
            "yesterday" => format!("day:{}", at.yesterday),
            _ => format!("day:{}", at.today),
        };
        if let Err(e) = store.stats_base(&scope, *n) {
            eprintln!("civic-server: cannot import {scope}: {e}");
            return 1;
        }
        println!("civic-server: {scope} = {n}");
    }
    0
}
