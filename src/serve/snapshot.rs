//! Where the server's queries read from: the store opened read-write (`--allow-update`, the
//! server then owns the store) or read-only snapshots that follow another process's writes.
//!
//! RocksDB lets one process write a store; `govkg ingest` must be able to write while the
//! server answers, so by default the server opens the store read-only. A read-only handle sees
//! the store as it was when opened: whole transactions, never half of one (each commit is one
//! write-ahead-log record), so every query reads a consistent snapshot. To see later writes
//! the server reopens the store when its files changed, at most once per refresh interval;
//! queries already running keep their older handle until they finish.

use crate::store::{GraphStore, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// The store handle for queries.
pub enum StoreSource {
    /// Opened read-write by this process; updates allowed.
    Writable(Arc<GraphStore>),
    /// Read-only snapshots, reopened when the directory changes.
    Snapshots(Snapshots),
}

impl StoreSource {
    /// The handle a query should use now.
    pub fn current(&self) -> Arc<GraphStore> {
        match self {
            StoreSource::Writable(s) => Arc::clone(s),
            StoreSource::Snapshots(s) => s.current(),
        }
    }

    /// After a storage error (a file the snapshot needed was compacted away by the writer),
    /// opens a fresh snapshot; true if one was opened. Writable stores have nothing to renew.
    pub fn renew(&self) -> bool {
        match self {
            StoreSource::Writable(_) => false,
            StoreSource::Snapshots(s) => s.reopen(),
        }
    }
}

/// Names, sizes and modification times of the files that change when data is written
/// (write-ahead logs, tables, the manifest); RocksDB's info `LOG` files are left out because a
/// read-only open writes them itself.
type Signature = Vec<(String, u64, Option<SystemTime>)>;

fn signature(dir: &Path) -> Signature {
    let mut sig: Signature = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let data = name.ends_with(".log")
                        || name.ends_with(".sst")
                        || name.starts_with("MANIFEST")
                        || name == "CURRENT";
                    let meta = e.metadata().ok()?;
                    data.then(|| (name, meta.len(), meta.modified().ok()))
                })
                .collect()
        })
        .unwrap_or_default();
    sig.sort();
    sig
}

/// Read-only handles on a store another process may be writing.
pub struct Snapshots {
    dir: PathBuf,
    refresh: Duration,
    current: RwLock<Arc<GraphStore>>,
    checked: Mutex<(Instant, Signature)>,
}

impl Snapshots {
    /// Opens the first snapshot of the store in `dir`.
    pub fn open(dir: &Path, refresh: Duration) -> Result<Self, StoreError> {
        let sig = signature(dir);
        let store = GraphStore::open_read_only(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            refresh,
            current: RwLock::new(Arc::new(store)),
            checked: Mutex::new((Instant::now(), sig)),
        })
    }

    fn current(&self) -> Arc<GraphStore> {
        // one request at a time looks at the directory; the others use the snapshot they find
        if let Ok(mut checked) = self.checked.try_lock() {
            if checked.0.elapsed() >= self.refresh {
                checked.0 = Instant::now();
                let sig = signature(&self.dir);
                if sig != checked.1 && self.reopen() {
                    checked.1 = sig;
                }
            }
        }
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Opens a new snapshot and makes it current; on failure (the writer is mid-compaction)
    /// keeps the old one and says so on stderr.
    fn reopen(&self) -> bool {
        match GraphStore::open_read_only(&self.dir) {
            Ok(store) => {
                *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(store);
                true
            }
            Err(e) => {
                eprintln!("govkg serve: keeping the previous snapshot: {e}");
                false
            }
        }
    }
}
