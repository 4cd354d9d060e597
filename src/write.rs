//! Writing the site, one `Output` at a time: everything goes into a fresh staging folder beside the output folder,
//! which is swapped into place only when complete. A failed or killed build leaves the
//! previous site untouched; leftovers of a killed build are moved aside at once and
//! deleted beside the next build, so they never hold it up.
//!
//! Every output holds a marker file, and an existing folder is replaced only when it is
//! empty or holds the marker: a build never deletes a folder it did not make.

use std::io;
use std::path::{Path, PathBuf};

use crate::diag::display_path;
use crate::paths::UrlPath;

/// One file of the finished site, as a stage hands it to be written or served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Output {
    /// Where it is published.
    pub url: UrlPath,
    pub content: Content,
}

/// What an output file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content {
    /// These bytes.
    Bytes(Vec<u8>),
    /// Copied from this file as it is.
    Copy(PathBuf),
}

/// The file in every output folder that says briefing made it (and may replace it).
pub(crate) const MARKER: &str = ".briefing-output";

const MARKER_TEXT: &str = "This folder was written by `briefing build`, which replaces it on every build.\n\
Delete this file and briefing will refuse to touch the folder.\n";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {action}: {source}", display_path(.path))]
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    #[error(
        "refusing to replace {}: it is not empty and was not made by briefing (it has no {MARKER} file); \
         pick another output folder, or delete this one yourself",
        display_path(.0)
    )]
    Foreign(PathBuf),
}

fn fail<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> WriteError + 'a {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// A staging folder beside the output folder. Files are put into it (from any thread);
/// `commit` swaps it into place; dropping it uncommitted removes it.
pub(crate) struct Staging {
    dir: PathBuf,
    staging: PathBuf,
    committed: bool,
    /// Held while this build writes: a second build into the same folder waits for none
    /// and fails clearly instead of deleting this one's staging folder.
    _lock: std::fs::File,
    /// Deletes the leftovers of killed builds while this one runs; says when it is done.
    sweeper: Option<Sweeping>,
}

impl Staging {
    /// Prepares `.NAME.tmp-PID` beside `dir`, first cleaning up after a killed build.
    pub(crate) fn create(dir: &Path) -> Result<Staging, WriteError> {
        let parent = dir.parent().unwrap_or(Path::new("."));
        let name = dir
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        std::fs::create_dir_all(parent).map_err(fail(parent, "cannot create folder"))?;
        let lock = lock_output(parent, &name)?;
        let sweeper = recover_leftovers(parent, &name, dir);
        if dir.exists() && !dir.is_dir() {
            return Err(WriteError::Io {
                path: dir.to_path_buf(),
                action: "output path exists and is not a folder",
                source: io::Error::from(io::ErrorKind::AlreadyExists),
            });
        }
        if !replaceable(dir) {
            return Err(WriteError::Foreign(dir.to_path_buf()));
        }
        let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::create_dir(&staging).map_err(fail(&staging, "cannot create staging folder"))?;
        let marker = staging.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(fail(&marker, "cannot write file"))?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            staging,
            committed: false,
            _lock: lock,
            sweeper,
        })
    }

    /// Writes one file into the staging folder.
    pub(crate) fn put(&self, output: &Output) -> Result<(), WriteError> {
        let path = self.staging.join(output.url.output_file());
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(fail(folder, "cannot create folder"))?;
        }
        match &output.content {
            Content::Bytes(bytes) => std::fs::write(&path, bytes).map_err(fail(&path, "cannot write file")),
            Content::Copy(source) => std::fs::copy(source, &path)
                .map(drop)
                .map_err(fail(source, "cannot copy file")),
        }
    }

    /// Moves the finished site into place.
    pub(crate) fn commit(mut self) -> Result<(), WriteError> {
        let parent = self.dir.parent().unwrap_or(Path::new("."));
        let name = self
            .dir
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        swap_in(&self.staging, &self.dir, parent, &name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        // The build does not wait long for them: what is left when it exits is
        // deleted by the next one.
        if let Some(done) = self.sweeper.take() {
            let done = done
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let _ = done.recv_timeout(SWEEP_GRACE);
        }
    }
}

/// Hears when the leftovers of killed builds are gone (a `Mutex` only so that `Staging`
/// can be shared between threads: it is read once, at the end).
type Sweeping = std::sync::Mutex<std::sync::mpsc::Receiver<()>>;

/// How long a finished build waits for leftovers of killed builds to be deleted.
const SWEEP_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// A folder a build may replace: missing, empty, or marked as briefing's own.
fn replaceable(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(err) => err.kind() == io::ErrorKind::NotFound,
        Ok(mut entries) => entries.next().is_none() || dir.join(MARKER).is_file(),
    }
}

fn swap_in(staging: &Path, dir: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    if !dir.exists() {
        return std::fs::rename(staging, dir).map_err(fail(dir, "cannot move the new output into place"));
    }
    if exchange(staging, dir) {
        let _ = std::fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(dir, &old).map_err(fail(dir, "cannot move the previous output aside"))?;
    if let Err(err) = std::fs::rename(staging, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(fail(dir, "cannot move the new output into place")(err));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`), so there is
/// no moment without a complete output folder. `false` where unsupported.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Takes `.NAME.lock` beside the output folder for the duration of the build.
fn lock_output(parent: &Path, name: &str) -> Result<std::fs::File, WriteError> {
    let path = parent.join(format!(".{name}.lock"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(fail(&path, "cannot create lock file"))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(WriteError::Io {
            path,
            action: "another briefing build is writing this output folder; wait for it to finish",
            source: io::Error::from(io::ErrorKind::WouldBlock),
        }),
        Err(std::fs::TryLockError::Error(err)) => Err(fail(&path, "cannot lock")(err)),
    }
}

/// Cleans up after a build that was killed: a previous site moved aside but never
/// replaced is put back; half-written `.NAME.tmp-*` folders are renamed to `.NAME.trash-*`
/// at once and deleted, with the trash of earlier killed builds, on a thread of their own
/// (the returned receiver hears when it is done).
fn recover_leftovers(parent: &Path, name: &str, dir: &Path) -> Option<Sweeping> {
    let entries = std::fs::read_dir(parent).ok()?;
    let (tmp, old, trash) = (
        format!(".{name}.tmp-"),
        format!(".{name}.old-"),
        format!(".{name}.trash-"),
    );
    let mut doomed = Vec::new();
    for (n, entry) in entries.flatten().enumerate() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if file_name.starts_with(&old) && !dir.exists() && std::fs::rename(&path, dir).is_ok() {
            continue;
        }
        if file_name.starts_with(&trash) {
            doomed.push(path);
        } else if file_name.starts_with(&tmp) || file_name.starts_with(&old) {
            let aside = parent.join(format!("{trash}{}-{n}", std::process::id()));
            if std::fs::rename(&path, &aside).is_ok() {
                doomed.push(aside);
            }
        }
    }
    if doomed.is_empty() {
        return None;
    }
    let (tell, done) = std::sync::mpsc::channel();
    let sweep = move || {
        for path in doomed {
            let _ = std::fs::remove_dir_all(path);
        }
        let _ = tell.send(());
    };
    std::thread::Builder::new()
        .name("sweep leftovers".into())
        .spawn(sweep)
        .ok()?;
    Some(std::sync::Mutex::new(done))
}
