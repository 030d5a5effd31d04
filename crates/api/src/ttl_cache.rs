//! A small in-process map whose entries expire: what the API remembers between requests
//! to save store round trips (proven API keys, finished jobs). Hand-written: a few
//! lines over a `HashMap` do not need a cache crate, and a full cache only starts over.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    max_entries: usize,
    entries: Mutex<HashMap<K, (V, Instant)>>,
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        TtlCache {
            ttl,
            max_entries,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().expect("not poisoned");
        let (value, at) = entries.get(key)?;
        (at.elapsed() < self.ttl).then(|| value.clone())
    }

    pub fn put(&self, key: K, value: V) {
        let mut entries = self.entries.lock().expect("not poisoned");
        if entries.len() >= self.max_entries {
            entries.clear();
        }
        entries.insert(key, (value, Instant::now()));
    }

    pub fn forget(&self, key: &K) {
        self.entries.lock().expect("not poisoned").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_are_forgotten_and_a_full_cache_starts_over() {
        let cache = TtlCache::new(Duration::from_millis(50), 2);
        cache.put("a", 1);
        assert_eq!(cache.get(&"a"), Some(1));
        cache.forget(&"a");
        assert_eq!(cache.get(&"a"), None);
        cache.put("b", 2);
        cache.put("c", 3);
        cache.put("d", 4);
        assert_eq!((cache.get(&"b"), cache.get(&"d")), (None, Some(4)));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get(&"d"), None);
    }
}
