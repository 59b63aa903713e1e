//! Full-text search across employers, contacts, visits and surveys.
use crate::env::Env;
use crate::output::{Output, Result, lines, output};
use visitdesk_core::search;

pub fn run(env: &Env, query: &str) -> Result<Output> {
    let store = env.unlock()?;
    let hits = search::search(store.conn(), query, search::MAX_HITS)?;
    let text = lines(&hits, |h| {
        format!("{}\t{}\t{}\t{}\t{}", h.kind.as_str(), h.id, h.title, h.employer.as_deref().unwrap_or(""), h.snippet)
    });
    output(text, hits)
}
