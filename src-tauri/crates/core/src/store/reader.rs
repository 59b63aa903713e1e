//! The store's second connection, for long reads: exports, reports and backups run on it
//! beside the main connection, which goes on serving the quick reads and the writes (WAL lets
//! readers run beside the writer). It is keyed with the same data key, set up with the same
//! pragmas, and refuses writes (`query_only`). Each job runs in one read transaction, so it sees
//! the store as of one moment even while saves commit on the main connection meanwhile.
use super::{DB_FILE, backups, connection_pragmas, keyed};
use crate::crypto::SecretKey;
use crate::error::{Error, Result, StoreError};
use rusqlite::{Connection, InterruptHandle, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::Duration;

/// How often closing interrupts a job that still holds the reader: an interrupt reaches only
/// the statement running at that moment, and a job runs Rust code between its statements.
const INTERRUPT_EVERY: Duration = Duration::from_millis(5);

/// A handle on a store's reader; its clones share one connection, one job at a time. The
/// [`Store`](super::Store) closes it when it locks (or is dropped), wiping its key: a clone
/// kept past that finds the store locked.
#[derive(Clone)]
pub struct Reader {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    /// Set once closing starts, so a job cut short by it reports the lock, not the interrupt.
    closing: AtomicBool,
    interrupt: InterruptHandle,
    /// `None` once closed.
    open: Mutex<Option<Open>>,
}

struct Open {
    conn: Connection,
    /// For backups, which are written under the store's own key.
    key: SecretKey,
}

impl AsRef<Reader> for Reader {
    fn as_ref(&self) -> &Reader {
        self
    }
}

impl Reader {
    /// Opens the reader of the store in `dir`, whose database the main connection has opened
    /// (and migrated) with `key`.
    pub(super) fn open(dir: &Path, key: &SecretKey) -> Result<Reader> {
        // CREATE lets it attach the new file a backup is exported into, as the main connection.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let path = dir.join(DB_FILE);
        let conn = keyed(&path, key, flags)?;
        conn.execute_batch(&format!("{} PRAGMA query_only = ON;", connection_pragmas(&path)))?;
        let interrupt = conn.get_interrupt_handle();
        let open = Mutex::new(Some(Open { conn, key: key.clone() }));
        Ok(Reader {
            inner: Arc::new(Inner { dir: dir.to_path_buf(), closing: AtomicBool::new(false), interrupt, open }),
        })
    }

    /// Runs `f` in one read transaction: it sees the store as of its first read, whatever the
    /// main connection commits meanwhile. Waits while another job holds the reader; fails with
    /// `store.locked` once the store is locked, and when a lock cuts `f` short.
    ///
    /// Then the pages the job read go back to the system: a job on the reader is a long one (an
    /// export, a report) that reads much of the store, and SQLite keeps its pages only until
    /// the main connection next commits, so they would be of use to the next job only if the
    /// user changed nothing in between, while the app held up to 256 MiB more at idle.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.with(|open| {
            // Rolled back if `f` fails or panics, so the next job starts afresh.
            let tx = open.conn.unchecked_transaction()?;
            let out = f(&tx)?;
            tx.commit()?;
            release(&open.conn)?;
            Ok(out)
        })
    }

    /// Runs `f` holding the reader, for a whole backup: its export, its files and the rotation,
    /// so two backups never interleave, and a lock (a restore) waits for the one under way.
    pub(super) fn hold<T>(&self, f: impl FnOnce(&Held<'_>) -> Result<T>) -> Result<T> {
        self.with(|open| f(&Held { open, dir: &self.inner.dir }))
    }

    fn with<T>(&self, f: impl FnOnce(&Open) -> Result<T>) -> Result<T> {
        let open = self.inner.open.lock().unwrap_or_else(PoisonError::into_inner);
        let out = f(open.as_ref().ok_or(StoreError::Locked)?);
        match out {
            Err(_) if self.inner.closing.load(Ordering::SeqCst) => Err(StoreError::Locked.into()),
            out => out,
        }
    }

    /// Closes the connection (SQLCipher wipes its key and the pages it frees) and wipes the data
    /// key. A job running on it is interrupted and fails with `store.locked`. Closed already is
    /// fine.
    pub(super) fn close(&self) -> Result<()> {
        self.inner.closing.store(true, Ordering::SeqCst);
        let mut open = self.hold_interrupting();
        match open.take() {
            Some(Open { conn, key }) => {
                drop(key);
                conn.close().map_err(|(_, e)| Error::from(e))
            }
            None => Ok(()),
        }
    }

    /// The reader, once the job holding it (if any) has stopped: interrupted until it does.
    fn hold_interrupting(&self) -> MutexGuard<'_, Option<Open>> {
        loop {
            match self.inner.open.try_lock() {
                Ok(open) => return open,
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => {
                    self.inner.interrupt.interrupt();
                    std::thread::sleep(INTERRUPT_EVERY);
                }
            }
        }
    }
}

/// Gives back the memory of the pages a job read through `conn`'s cache: SQLite's to the
/// allocator, and the allocator's to the system (idle RSS, issue 21).
fn release(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA shrink_memory")?;
    super::memory::give_back();
    Ok(())
}

/// The reader, held for a backup.
pub(super) struct Held<'a> {
    open: &'a Open,
    dir: &'a Path,
}

impl Held<'_> {
    /// The store's folder.
    pub(super) fn dir(&self) -> &Path {
        self.dir
    }

    /// Exports the database under its key into the new file `dest`, as of one moment
    /// (`backups::export` runs in one read transaction).
    pub(super) fn export(&self, dest: &Path) -> Result<()> {
        let conn = &self.open.conn;
        // The export writes only the file it attaches, never the store's own database.
        conn.execute_batch("PRAGMA query_only = OFF")?;
        let exported = backups::export(conn, &self.open.key, dest);
        conn.execute_batch("PRAGMA query_only = ON")?;
        // The export read the whole store through this connection's page cache.
        release(conn)?;
        exported
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Error;
    use crate::people;
    use crate::store::{StoreError, records};
    use crate::testing::{at, new_store};
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_long_read_on_the_reader_does_not_hold_up_a_write_and_its_read_back() {
        let (_dir, mut store) = new_store();
        let reader = store.reader().clone();
        let (started, wait_started) = mpsc::channel();
        let (release, wait_release) = mpsc::channel::<()>();
        let job = std::thread::spawn(move || {
            reader.read(|conn| {
                let before = records::setting(conn, "k")?;
                started.send(()).unwrap();
                // Held until the write below has committed (or the test gave up on it).
                let _ = wait_release.recv_timeout(Duration::from_secs(10));
                Ok((before, records::setting(conn, "k")?))
            })
        });
        wait_started.recv().unwrap();
        store.write(at(2022, 3, 2), |tx| tx.set_setting("k", "saved")).unwrap();
        assert_eq!(store.setting("k").unwrap().as_deref(), Some("saved"));
        release.send(()).unwrap();
        // One read transaction: the job saw the store as of its first read, not the save.
        assert_eq!(job.join().unwrap().unwrap(), (None, None));
        let next = store.reader().read(|conn| records::setting(conn, "k")).unwrap();
        assert_eq!(next.as_deref(), Some("saved"), "the next job sees the save");
    }

    #[test]
    fn the_reader_refuses_writes() {
        let (_dir, store) = new_store();
        let err = store.reader().read(|conn| Ok(conn.execute("DELETE FROM people", [])?)).unwrap_err();
        assert_eq!(err.code(), "store.read_only");
        assert_eq!(people::list(store.conn()).unwrap().len(), 1);
    }

    #[test]
    fn locking_closes_the_reader_and_cuts_its_job_short() {
        let (_dir, store) = new_store();
        let reader = store.reader().clone();
        let (started, wait_started) = mpsc::channel();
        let (done, wait_done) = mpsc::channel();
        let job = reader.clone();
        std::thread::spawn(move || {
            let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";
            let out = job.read(|conn| {
                started.send(()).unwrap();
                Ok(conn.query_row(endless, [], |r| r.get::<_, i64>(0))?)
            });
            done.send(out.map_err(|e| e.code())).unwrap();
        });
        wait_started.recv().unwrap();
        let (locked, wait_locked) = mpsc::channel();
        std::thread::spawn(move || locked.send(store.lock().map_err(|e| e.code())).unwrap());
        let locked = wait_locked.recv_timeout(Duration::from_secs(10)).expect("the lock did not wait for the job");
        assert_eq!(locked, Ok(()));
        let out = wait_done.recv_timeout(Duration::from_secs(10)).expect("the job was cut short");
        assert_eq!(out, Err(crate::error::ErrorCode::StoreLocked));
        let after = reader.read(people::list).unwrap_err();
        assert!(matches!(after, Error::Store(StoreError::Locked)), "{after:?}");
    }
}
