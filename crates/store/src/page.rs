//! Newest-first pages, shared by every list the store answers (jobs, events, …).

/// One page of a newest-first list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
}

/// Every list asks for one row more than the page holds: its presence is `has_more`.
pub(crate) fn page_fetch_size(limit: usize) -> i64 {
    limit as i64 + 1
}

/// Lists read rows with `id < cursor`, newest first. UUIDv7 hex ids are lowercase hex,
/// so "g" sorts after all of them and starts the first page.
pub(crate) fn page_cursor(after: Option<&str>) -> &str {
    after.unwrap_or("g")
}

impl<T> Page<T> {
    /// The page from rows fetched with [`page_fetch_size`].
    pub(crate) fn from_overfetch(mut items: Vec<T>, limit: usize) -> Page<T> {
        let has_more = items.len() > limit;
        items.truncate(limit);
        Page { items, has_more }
    }
}
