//! Shared helpers for the story tests in `tests/stories/`.
