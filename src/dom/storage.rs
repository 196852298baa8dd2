//! `localStorage` that never throws: Safari private mode, blocked cookies and full quotas fall
//! back to memory for this page, so the visitor's choice still works until they leave.

use std::cell::RefCell;

thread_local! {
    static MEMORY: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
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

/// Reads a value (memory first: it holds what storage refused to keep).
pub fn get(key: &str) -> Option<String> {
    memory_get(key).or_else(|| local()?.get_item(key).ok().flatten())
}

/// Stores a value; on failure keeps it in memory.
pub fn set(key: &str, value: &str) {
    match local().map(|s| s.set_item(key, value)) {
        Some(Ok(())) => memory_set(key, None),
        _ => memory_set(key, Some(value)),
    }
}

/// Removes a value from both places.
pub fn remove(key: &str) {
    memory_set(key, None);
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}
