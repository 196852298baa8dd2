//! `localStorage` that never throws. When it refuses a value (a full quota, Safari private mode,
//! blocked cookies) the value goes to `sessionStorage`, which lasts as long as the tab, and
//! when that refuses too, to memory for this page: the visitor's choice still works, and the
//! caller learns how long it will be kept.

use std::cell::RefCell;

thread_local! {
    static MEMORY: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Where a value was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// For good (`localStorage`).
    Site,
    /// Until the tab closes (`sessionStorage`): later pages in this tab still see it.
    Tab,
    /// Only while this page is open.
    Page,
}

fn memory_get(key: &str) -> Option<String> {
    MEMORY.with(|m| {
        m.try_borrow()
            .ok()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    })
}

fn memory_set(key: &str, value: Option<&str>) {
    MEMORY.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            m.retain(|(k, _)| k != key);
            if let Some(v) = value {
                m.push((key.to_string(), v.to_string()));
            }
        }
    });
}

/// Reads a value: memory, then the tab, then the site (the newer places hold what the older
/// ones refused).
pub fn get(key: &str) -> Option<String> {
    memory_get(key)
        .or_else(|| session()?.get_item(key).ok().flatten())
        .or_else(|| local()?.get_item(key).ok().flatten())
}

/// Stores a value in the longest-lived place that takes it, and clears it from the others.
pub fn set(key: &str, value: &str) -> Kept {
    let stored = |s: Option<web_sys::Storage>| s.is_some_and(|s| s.set_item(key, value).is_ok());
    let kept = if stored(local()) {
        Kept::Site
    } else if stored(session()) {
        Kept::Tab
    } else {
        memory_set(key, Some(value));
        return Kept::Page;
    };
    memory_set(key, None);
    if kept == Kept::Site {
        if let Some(s) = session() {
            let _ = s.remove_item(key);
        }
    }
    kept
}

/// Removes a value from every place.
pub fn remove(key: &str) {
    memory_set(key, None);
    for s in [session(), local()].into_iter().flatten() {
        let _ = s.remove_item(key);
    }
}
