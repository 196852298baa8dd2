//! Visit statistics ("Thống kê truy cập", CONTRACT.md §3b): page views and visitors per local
//! day, counted without cookies or identifiers.
//!
//! A visitor is a hash of (daily random salt, client address, user agent, site), the model
//! Plausible and GoatCounter publish. The salt lives in this process's memory only, is replaced
//! at local midnight and is never written anywhere, so yesterday's hashes cannot be recomputed
//! by anyone, the operator included. Hashes stay in memory too (today's set and the last five
//! minutes' "online now"); the database only ever receives counts per day.
//!
//! Hits are counted in memory and written in one transaction per batch window (`--stats-flush`,
//! 1 s): a crash loses at most that window, a SIGTERM loses nothing (main.rs flushes on exit).

use crate::store::{DayCount, Figures, Periods, Store, StoreResult};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

/// A visitor seen within this many seconds is "online now".
pub const ONLINE_SECS: i64 = 300;

/// The time: the system clock, or, for tests of midnight, month and year rollover, the unix
/// seconds written in a file (`CIVIC_TEST_CLOCK=path`), read at every use.
pub enum Clock {
    System,
    File(std::path::PathBuf),
}

impl Clock {
    pub fn from_env() -> Clock {
        match std::env::var_os("CIVIC_TEST_CLOCK") {
            Some(p) => Clock::File(p.into()),
            None => Clock::System,
        }
    }

    pub fn now(&self) -> i64 {
        let system = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        };
        match self {
            Clock::System => system(),
            Clock::File(p) => std::fs::read_to_string(p)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or_else(system),
        }
    }
}

/// `--tz`: an IANA name (`Asia/Ho_Chi_Minh`, from the system's zoneinfo or the copy built in)
/// or a fixed offset (`+07:00`).
pub fn parse_tz(name: &str) -> Option<jiff::tz::TimeZone> {
    if let Some(sign) = name.chars().next().filter(|c| *c == '+' || *c == '-') {
        let (h, m) = name[1..].split_once(':').unwrap_or((&name[1..], "0"));
        let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
        let secs = if sign == '-' { -secs } else { secs };
        let off = jiff::tz::Offset::from_seconds(secs).ok()?;
        return Some(jiff::tz::TimeZone::fixed(off));
    }
    jiff::tz::TimeZone::get(name).ok()
}

/// User agents that are programs, not readers: crawlers, link previews, monitors, scripts.
/// ("cubot" is a phone brand whose name ends in "bot".)
const BOTS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "headless",
    "lighthouse",
    "pingdom",
    "preview",
    "python",
    "curl/",
    "wget/",
    "go-http-client",
    "java/",
    "okhttp",
    "httpclient",
    "libwww",
    "scrapy",
    "axios/",
    "node-fetch",
    "undici",
    "phantomjs",
    "zgrab",
    "monitor",
    "feedfetcher",
    "mediapartners",
];

pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase().replace("cubot", "cu-phone");
    ua.trim().is_empty() || BOTS.iter().any(|b| ua.contains(b))
}

struct State {
    /// The local day the salt and `seen` belong to (`YYYY-MM-DD`), its periods, and the unix
    /// seconds between which that is still true (checked on every hit: two comparisons).
    day: String,
    at: Periods,
    starts: i64,
    ends: i64,
    salt: [u8; 32],
    /// Today's visitor hashes: a hash seen for the first time is a new visitor.
    seen: HashSet<u64>,
    /// Visitor hash → last hit (unix seconds), pruned to `ONLINE_SECS`.
    online: HashMap<u64, i64>,
    /// Counts not yet in the database, per day.
    pending: Vec<DayCount>,
}

pub struct Stats {
    tz: jiff::tz::TimeZone,
    pub tz_name: String,
    pub clock: Clock,
    /// A random name for this process in `stats_online` (several instances on PostgreSQL).
    instance: String,
    pub window: Duration,
    state: Mutex<State>,
    /// Held while a batch is written and the cache refreshed, and while a read adds the cache
    /// and the pending counts: a read never sees a batch twice (written and still pending) or
    /// not at all.
    flushing: Mutex<()>,
    /// The database's figures for these periods as of the last batch, and the other instances'
    /// "online now": reads (and hits' answers) cost no database round trip.
    cache: Mutex<Option<(Periods, Figures, i64)>>,
}

/// Adds views and visitors to `day`'s pending row, making it on the day's first view (a hit
/// allocates nothing otherwise), and merges a batch the database refused back in.
fn add_pending(pending: &mut Vec<DayCount>, day: &str, views: i64, visitors: i64) {
    match pending.iter_mut().find(|r| r.day == day) {
        Some(r) => {
            r.views += views;
            r.visitors += visitors;
        }
        None => pending.push(DayCount {
            day: day.to_string(),
            views,
            visitors,
        }),
    }
}

/// 32 random bytes from the kernel; if that fails (no `/dev/urandom`), std's per-process
/// random SipHash keys mixed with the time, which are never written anywhere either.
fn random_bytes() -> [u8; 32] {
    use std::io::Read;
    let mut out = [0u8; 32];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut out));
    if read.is_err() {
        for (i, chunk) in out.chunks_mut(8).enumerate() {
            let mut h = std::hash::BuildHasher::build_hasher(
                &std::collections::hash_map::RandomState::new(),
            );
            (i, std::time::SystemTime::now()).hash(&mut h);
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    out
}

impl Stats {
    pub fn new(tz: jiff::tz::TimeZone, tz_name: &str, clock: Clock, window: Duration) -> Stats {
        let instance: String = random_bytes()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let stats = Stats {
            tz,
            tz_name: tz_name.to_string(),
            clock,
            instance,
            window,
            state: Mutex::new(State {
                day: String::new(),
                at: Periods {
                    today: String::new(),
                    yesterday: String::new(),
                    month: String::new(),
                    year: String::new(),
                },
                starts: 0,
                ends: 0,
                salt: [0; 32],
                seen: HashSet::new(),
                online: HashMap::new(),
                pending: Vec::new(),
            }),
            flushing: Mutex::new(()),
            cache: Mutex::new(None),
        };
        if let Ok(mut s) = stats.state.lock() {
            let now = stats.clock.now();
            stats.roll(&mut s, now);
        }
        stats
    }

    /// The local periods `now` falls in.
    pub fn periods(&self, now: i64) -> Periods {
        let date = self
            .tz
            .to_datetime(jiff::Timestamp::from_second(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH))
            .date();
        let today = date.to_string();
        let yesterday = date.yesterday().map(|d| d.to_string()).unwrap_or_default();
        Periods {
            month: today[..7].to_string(),
            year: today[..4].to_string(),
            today,
            yesterday,
        }
    }

    /// At the first use after local midnight: a new salt, and an empty set of today's visitors.
    fn roll(&self, s: &mut State, now: i64) {
        if now >= s.starts && now < s.ends {
            return;
        }
        let at = self.periods(now);
        // Today's bounds at today's offset; looked at again within the hour, so a daylight
        // saving change (none in Vietnam) moves midnight at most an hour late.
        let ts = jiff::Timestamp::from_second(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let off = i64::from(self.tz.to_offset(ts).seconds());
        s.starts = (now + off).div_euclid(86_400) * 86_400 - off;
        s.ends = (s.starts + 86_400).min(now + 3600);
        let same = s.day == at.today;
        s.day = at.today.clone();
        s.at = at;
        if same {
            return;
        }
        s.salt = random_bytes();
        s.seen.clear();
        // Only for the salt test (tests/stats.rs): it greps the database for these bytes.
        if std::env::var_os("CIVIC_TEST_SHOW_SALT").is_some() {
            let hex: String = s.salt.iter().map(|b| format!("{b:02x}")).collect();
            eprintln!("civic-server: test salt {hex}");
        }
    }

    /// Counts one page view from this client.
    pub fn hit(&self, client: IpAddr, user_agent: &str, site: &str) {
        let now = self.clock.now();
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        self.roll(&mut s, now);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.salt.hash(&mut h);
        client.hash(&mut h);
        user_agent.hash(&mut h);
        site.hash(&mut h);
        let visitor = h.finish();
        let new = s.seen.insert(visitor);
        s.online.insert(visitor, now);
        if s.online.len() > 200_000 {
            s.online.retain(|_, at| now - *at < ONLINE_SECS); // bound memory under a flood
        }
        let State { pending, day, .. } = &mut *s;
        add_pending(pending, day, 1, i64::from(new));
    }

    /// Visitors of this instance seen in the last `ONLINE_SECS`, forgetting older ones. Once
    /// per batch (a scan of the map); a read in between counts the map as it is, at most one
    /// batch window stale.
    fn online_here(&self, s: &mut State, now: i64) -> i64 {
        s.online.retain(|_, at| now - *at < ONLINE_SECS);
        s.online.len() as i64
    }

    /// Writes the pending counts in one transaction, then reads the database's figures into
    /// the cache reads are answered from. On failure the counts stay pending and are written
    /// with the next batch (nothing is lost while the database is away).
    pub fn flush(&self, store: &dyn Store) -> StoreResult<()> {
        let _turn = self.flushing.lock().map_err(|_| "stats lock poisoned")?;
        let now = self.clock.now();
        let rows = {
            let mut s = self.state.lock().map_err(|_| "stats lock poisoned")?;
            self.roll(&mut s, now);
            std::mem::take(&mut s.pending)
        };
        if !rows.is_empty() {
            if let Err(e) = store.stats_add(&rows) {
                if let Ok(mut s) = self.state.lock() {
                    for r in rows {
                        add_pending(&mut s.pending, &r.day, r.views, r.visitors);
                    }
                }
                self.cache.lock().map_err(|_| "stats lock poisoned")?.take();
                return Err(e);
            }
        }
        self.refresh(store, now)
    }

    /// Reads the database's figures (and the other instances' "online") into the cache,
    /// publishing this instance's "online" on the way. Called with `flushing` held.
    fn refresh(&self, store: &dyn Store, now: i64) -> StoreResult<()> {
        let at = self.periods(now);
        let here = {
            let mut s = self.state.lock().map_err(|_| "stats lock poisoned")?;
            self.online_here(&mut s, now)
        };
        let fresh = now - 3 * (self.window.as_secs() as i64).max(1) - 2;
        let read = store.stats_read(&at).and_then(|f| {
            Ok((
                f,
                store.stats_online(&self.instance, here, now, fresh)? - here,
            ))
        });
        let mut cache = self.cache.lock().map_err(|_| "stats lock poisoned")?;
        match read {
            Ok((f, others)) => {
                *cache = Some((at, f, others));
                Ok(())
            }
            Err(e) => {
                *cache = None;
                Err(e)
            }
        }
    }

    /// The figures now: the database's (as of the last batch, from the cache), the counts still
    /// pending, and "online now" (summed over the instances sharing a PostgreSQL database).
    /// With `store` `None` (a hit, answered without touching the database) and no fresh cache
    /// (just started, just past midnight): `None`.
    pub fn read(&self, store: Option<&dyn Store>) -> StoreResult<Option<(Periods, Figures, i64)>> {
        // A hit is answered on the async runtime: it never waits for a batch being written (a
        // slow database would stall the runtime's threads); it answers without figures instead.
        let _turn = match store {
            Some(_) => self.flushing.lock().map_err(|_| "stats lock poisoned")?,
            None => match self.flushing.try_lock() {
                Ok(turn) => turn,
                Err(_) => return Ok(None),
            },
        };
        let now = self.clock.now();
        let at = {
            let mut s = self.state.lock().map_err(|_| "stats lock poisoned")?;
            self.roll(&mut s, now);
            s.at.clone()
        };
        let cached = |c: &Option<(Periods, Figures, i64)>| {
            c.as_ref()
                .filter(|(p, _, _)| *p == at)
                .map(|(_, f, o)| (*f, *o))
        };
        let mut hit = cached(&*self.cache.lock().map_err(|_| "stats lock poisoned")?);
        if hit.is_none() {
            if let Some(store) = store {
                self.refresh(store, now)?;
                hit = cached(&*self.cache.lock().map_err(|_| "stats lock poisoned")?);
            }
        }
        let Some((mut f, others)) = hit else {
            return Ok(None);
        };
        let s = self.state.lock().map_err(|_| "stats lock poisoned")?;
        for r in &s.pending {
            f.add(&at, r);
        }
        // Pruned once per batch (`refresh`), not per read: a scan of every visitor per hit
        // halved the hits a second.
        let online = s.online.len() as i64 + others;
        Ok(Some((at, f, online)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots_and_readers() {
        for ua in [
            "",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "facebookexternalhit/1.1",
            "curl/8.5.0",
            "python-requests/2.31",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
            "Mozilla/5.0 (compatible; YandexBot/3.0)",
            "Mozilla/5.0 (Linux; Android 10; CUBOT X30) coccocbot-web/1.0",
        ] {
            assert!(is_bot(ua), "{ua}");
        }
        for ua in [
            "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
        ] {
            assert!(!is_bot(ua), "{ua}");
        }
    }

    #[test]
    fn local_days_in_the_portal_time_zone() {
        let tz = parse_tz("Asia/Ho_Chi_Minh").unwrap();
        let s = Stats::new(
            tz,
            "Asia/Ho_Chi_Minh",
            Clock::System,
            Duration::from_secs(1),
        );
        // 2026-12-31 16:59:59 UTC is 23:59:59 in Hanoi; a second later it is 2027.
        let before = s.periods(1_798_736_399);
        assert_eq!(
            (
                before.today.as_str(),
                before.yesterday.as_str(),
                before.month.as_str(),
                before.year.as_str()
            ),
            ("2026-12-31", "2026-12-30", "2026-12", "2026")
        );
        let after = s.periods(1_798_736_400);
        assert_eq!(
            (
                after.today.as_str(),
                after.yesterday.as_str(),
                after.month.as_str(),
                after.year.as_str()
            ),
            ("2027-01-01", "2026-12-31", "2027-01", "2027")
        );
        assert!(parse_tz("+07:00").is_some() && parse_tz("-03:30").is_some());
        assert!(parse_tz("Mars/Olympus").is_none());
    }
}
