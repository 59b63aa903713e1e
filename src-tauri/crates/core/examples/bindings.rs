//! Writes the TypeScript bindings: `cargo run -p visitdesk-core --example bindings [DIR]`
//! (`make bindings`). DIR defaults to `ui/src/lib/backend/bindings` under the current directory.
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| visitdesk_core::bindings::DIR.into());
    visitdesk_core::bindings::write(&dir)?;
    println!("wrote {} bindings to {}", visitdesk_core::bindings::files().len(), dir.display());
    Ok(())
}
