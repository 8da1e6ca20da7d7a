//! A run's files written as one: all of them appear, or none does, even
//! when the run is killed at any instant.
//!
//! One rename is atomic; several are not. So several files are written
//! under a redo journal:
//!
//! 1. each file to `.NAME.ssj-tmp-PID` beside its target, synced;
//! 2. in every other folder a marker `.ssj-prepared-PID.json` naming the
//!    journal; then, in the first file's folder, the journal
//!    `.ssj-commit-PID.json` naming every (temporary, target) pair, made
//!    whole under another name and renamed into place: **the journal's
//!    existence is the commit point**;
//! 3. each old target linked aside (`.NAME.ssj-old-PID`), for an error to
//!    put back;
//! 4. each temporary renamed over its target;
//! 5. the old copies, the markers, then the journal removed.
//!
//! A run killed before the commit point leaves temporary files and
//! markers, no journal: the next run removes them, and the old files
//! stand. Killed after it, the journal stands: the next run finishes the
//! renames, and the new files stand. "The next run" is any `ssj` that
//! writes to the folder or reads a file from it (`recover`). An error
//! (not a kill) in step 4 puts the old files back.
//!
//! A run still alive (its PID is a running process) is never touched: two
//! runs at once each finish their own.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What an output holds: text, or a plan whose text is written as it is
/// formed (a national plan's 232 MB never held whole).
pub trait Contents {
    /// Writes the contents to `out`.
    ///
    /// # Errors
    /// The first error of `out`.
    fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()>;
}

/// Why the files could not be written: the message, naming the file.
type Failed = String;

const TEMP: &str = "ssj-tmp";
const OLD: &str = "ssj-old";
const JOURNAL: &str = ".ssj-commit-";
const MARKER: &str = ".ssj-prepared-";

/// The commit record: what to rename, and what to remove after.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    pid: u32,
    /// (temporary file, target), in the order they are renamed.
    files: Vec<(PathBuf, PathBuf)>,
    /// The old targets linked aside.
    old: Vec<PathBuf>,
    /// The markers in the other folders.
    markers: Vec<PathBuf>,
}

/// A folder's share of a commit whose journal lies in another folder.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    pid: u32,
    journal: PathBuf,
    /// The temporary files of this folder.
    temps: Vec<PathBuf>,
}

/// Writes every file, or none ([the protocol](self)). Run [`recover`] on
/// their folders first.
///
/// # Errors
/// The message naming the file that could not be written; the old files
/// are then as they were.
pub(crate) fn write_all<C: Contents + ?Sized>(files: &[(&Path, &C)]) -> Result<(), Failed> {
    let targets: Vec<PathBuf> = files.iter().map(|(p, _)| absolute(p)).collect::<Result<_, _>>()?;
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    for ((_, contents), target) in files.iter().zip(&targets) {
        match write_temp(target, *contents) {
            Ok(tmp) => temps.push(tmp),
            Err(e) => {
                remove_all(&temps);
                return Err(e);
            }
        }
    }
    if let ([tmp], [target]) = (temps.as_slice(), targets.as_slice()) {
        return rename(tmp, target).inspect_err(|_| remove_all(&temps));
    }
    let pairs: Vec<(PathBuf, PathBuf)> = temps.into_iter().zip(targets).collect();
    commit(pairs)
}

/// Steps 2 to 5 for several files.
fn commit(files: Vec<(PathBuf, PathBuf)>) -> Result<(), Failed> {
    let pid = std::process::id();
    let dirs = folders(&files.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>());
    let Some((home, others)) = dirs.split_first() else { return Ok(()) };
    let journal_path = home.join(format!("{JOURNAL}{pid}.json"));
    let mut journal = Journal { pid, files, old: Vec::new(), markers: Vec::new() };
    let undo_temps = |journal: &Journal| remove_all(journal.files.iter().map(|(t, _)| t));
    for dir in others {
        let temps = journal.files.iter().filter(|(_, t)| parent(t) == *dir).map(|(tmp, _)| tmp.clone()).collect();
        let marker = Marker { pid, journal: journal_path.clone(), temps };
        let path = dir.join(format!("{MARKER}{pid}.json"));
        if let Err(e) = write_record(&path, &marker) {
            undo_temps(&journal);
            remove_all(&journal.markers);
            return Err(e);
        }
        journal.markers.push(path);
    }
    journal.old = journal.files.iter().map(|(_, t)| sibling(t, OLD)).collect();
    if let Err(e) = write_record(&journal_path, &journal) {
        undo_temps(&journal);
        remove_all(&journal.markers);
        return Err(e);
    }
    // Committed: from here on a kill is finished by the next run.
    let placed = place(&journal);
    if let Err(e) = &placed {
        undo(&journal, e.placed);
    }
    remove_all(&journal.old);
    remove_all(&journal.markers);
    let _ = fs::remove_file(&journal_path);
    sync_dirs(&dirs);
    placed.map_err(|e| e.error)
}

/// Why step 4 stopped, and how many targets it had replaced.
struct Stopped {
    error: Failed,
    placed: usize,
}

/// Steps 3 and 4: the old targets linked aside, the new ones renamed in.
fn place(journal: &Journal) -> Result<(), Stopped> {
    for ((_, target), old) in journal.files.iter().zip(&journal.old) {
        if target.exists() && fs::hard_link(target, old).or_else(|_| fs::copy(target, old).map(|_| ())).is_err() {
            return Err(Stopped { error: format!("{}: cannot keep the old file aside", target.display()), placed: 0 });
        }
    }
    for (i, (tmp, target)) in journal.files.iter().enumerate() {
        if let Err(e) = fs::rename(tmp, target) {
            return Err(Stopped { error: format!("{}: {e}", target.display()), placed: i });
        }
    }
    Ok(())
}

/// An error in step 4: the targets replaced so far get their old files
/// back (or are removed, where there was none); the temporary files not
/// yet renamed go.
fn undo(journal: &Journal, placed: usize) {
    for (i, ((tmp, target), old)) in journal.files.iter().zip(&journal.old).enumerate() {
        let _ = if i >= placed {
            fs::remove_file(tmp)
        } else if old.exists() {
            fs::rename(old, target)
        } else {
            fs::remove_file(target)
        };
    }
}

/// Finishes or undoes what killed runs left in `dir`: what was done, for
/// the user. Runs still alive are left alone.
pub(crate) fn recover(dir: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return notes };
    let names: Vec<String> = entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    for name in names.iter().filter(|n| n.starts_with(JOURNAL) && n.ends_with(".json")) {
        if let Some(pid) = pid_in(name).filter(|&p| !alive(p)) {
            notes.extend(finish(&dir.join(name), pid));
        }
    }
    for name in names.iter().filter(|n| n.starts_with(MARKER) && n.ends_with(".json")) {
        let path = dir.join(name);
        if pid_in(name).is_some_and(|p| !alive(p)) && path.exists() {
            notes.extend(abandon_or_finish(&path));
        }
    }
    for name in &names {
        let stray = name.contains(&format!(".{TEMP}-")) || name.contains(&format!(".{OLD}-")) || is_part(name);
        let path = dir.join(name);
        if stray && pid_in(name).is_some_and(|p| !alive(p)) && path.exists() && fs::remove_file(&path).is_ok() {
            notes.push(format!("removed {}, left by a run that was stopped", path.display()));
        }
    }
    notes
}

/// Rolls a committed journal forward.
fn finish(path: &Path, pid: u32) -> Option<String> {
    let journal = read_record::<Journal>(path)?;
    let mut renamed = Vec::new();
    for (tmp, target) in &journal.files {
        if tmp.exists() && fs::rename(tmp, target).is_ok() {
            renamed.push(target.display().to_string());
        }
    }
    remove_all(&journal.old);
    remove_all(&journal.markers);
    let _ = fs::remove_file(path);
    sync_dirs(&folders(&journal.files.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>()));
    (!renamed.is_empty()).then(|| {
        format!(
            "finished writing {} file(s) of a run (pid {pid}) stopped while it wrote them: {}",
            renamed.len(),
            renamed.join(", ")
        )
    })
}

/// A marker of a dead run: its journal exists (committed: finish it) or
/// not (never committed: remove this folder's temporary files).
fn abandon_or_finish(path: &Path) -> Option<String> {
    let marker = read_record::<Marker>(path)?;
    if marker.journal.exists() {
        return finish(&marker.journal, marker.pid);
    }
    remove_all(&marker.temps);
    let _ = fs::remove_file(path);
    Some(format!("removed the unfinished files of a run (pid {}) stopped before it wrote them", marker.pid))
}

/// The PID a leftover's name ends with (`…-PID` or `…-PID.json`).
fn pid_in(name: &str) -> Option<u32> {
    let stem = name.strip_suffix(".part").unwrap_or(name);
    let stem = stem.strip_suffix(".json").unwrap_or(stem);
    stem.rsplit('-').next()?.parse().ok().filter(|&p| p != std::process::id())
}

fn is_part(name: &str) -> bool {
    (name.starts_with(JOURNAL) || name.starts_with(MARKER)) && name.ends_with(".part")
}

/// Whether process `pid` is running. Where that cannot be known, every
/// run is taken as alive: leftovers stay rather than being taken from a
/// run under way.
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// A journal or marker, made whole under `.part` and renamed into place.
fn write_record<T: Serialize>(path: &Path, record: &T) -> Result<(), Failed> {
    let part = PathBuf::from(format!("{}.part", path.display()));
    let text = serde_json::to_vec(record).map_err(|e| format!("{}: {e}", path.display()))?;
    let written = fs::File::create(&part).and_then(|mut f| f.write_all(&text).and_then(|()| f.sync_all()));
    if let Err(e) = written.and_then(|()| fs::rename(&part, path)) {
        let _ = fs::remove_file(&part);
        return Err(format!("{}: {e}", path.display()));
    }
    sync_dirs(&[parent(path)]);
    Ok(())
}

fn read_record<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

fn write_temp<C: Contents + ?Sized>(target: &Path, contents: &C) -> Result<PathBuf, Failed> {
    let tmp = sibling(target, TEMP);
    let written = fs::File::create(&tmp).and_then(|mut f| contents.write_to(&mut f).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(format!("{}: {e}", target.display()));
    }
    Ok(tmp)
}

fn rename(tmp: &Path, target: &Path) -> Result<(), Failed> {
    fs::rename(tmp, target).map_err(|e| format!("{}: {e}", target.display()))?;
    sync_dirs(&[parent(target)]);
    Ok(())
}

/// `dir/.NAME.<what>-<pid>`: a hidden file beside `path`.
fn sibling(path: &Path, what: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    parent(path).join(format!(".{name}.{what}-{}", std::process::id()))
}

fn parent(path: &Path) -> PathBuf {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf()
}

/// `path` made absolute, so a journal read from another working folder
/// still names the right files.
fn absolute(path: &Path) -> Result<PathBuf, Failed> {
    std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The folders of `paths`, each once, in their first order.
pub(crate) fn folders(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for dir in paths.iter().map(|p| parent(p)) {
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs
}

/// The folders' entries made durable (a rename is in the folder's data).
fn sync_dirs(dirs: &[PathBuf]) {
    for dir in dirs {
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

fn remove_all<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) {
    for p in paths {
        let _ = fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ssj-transaction-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The PID of a process that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_rename_that_fails_midway_puts_the_old_files_back() {
        let dir = folder("undo");
        let (a, b) = (dir.join("a.json"), dir.join("b.json"));
        fs::write(&a, "old a").unwrap();
        fs::write(&b, "old b").unwrap();
        struct Text(&'static str);
        impl Contents for Text {
            fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
                out.write_all(self.0.as_bytes())
            }
        }
        let tmp_a = write_temp(&a, &Text("new a")).unwrap();
        // b's temporary file is gone before its rename: step 4 stops after
        // a was placed.
        let journal = Journal {
            pid: std::process::id(),
            files: vec![(tmp_a, a.clone()), (sibling(&b, TEMP), b.clone())],
            old: vec![sibling(&a, OLD), sibling(&b, OLD)],
            markers: Vec::new(),
        };
        let stopped = place(&journal).err().unwrap();
        assert_eq!(stopped.placed, 1);
        undo(&journal, stopped.placed);
        remove_all(&journal.old);
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "old b");
        assert_eq!(names(&dir), ["a.json", "b.json"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dead_runs_journal_is_finished_and_its_markers_without_one_undone() {
        let (home, other) = (folder("home"), folder("other"));
        let pid = dead_pid();
        let (a, b) = (home.join("a.json"), other.join("b.html"));
        fs::write(&a, "old a").unwrap();
        fs::write(&b, "old b").unwrap();
        // Committed, killed after a's rename: b's temporary is still there.
        let tmp_b = other.join(format!(".b.html.{TEMP}-{pid}"));
        fs::write(&tmp_b, "new b").unwrap();
        fs::write(&a, "new a").unwrap();
        let journal_path = home.join(format!("{JOURNAL}{pid}.json"));
        let marker_path = other.join(format!("{MARKER}{pid}.json"));
        let tmp_a = home.join(format!(".a.json.{TEMP}-{pid}"));
        let journal = Journal {
            pid,
            files: vec![(tmp_a, a.clone()), (tmp_b.clone(), b.clone())],
            old: vec![],
            markers: vec![marker_path.clone()],
        };
        fs::write(&journal_path, serde_json::to_vec(&journal).unwrap()).unwrap();
        let marker = Marker { pid, journal: journal_path.clone(), temps: vec![tmp_b.clone()] };
        fs::write(&marker_path, serde_json::to_vec(&marker).unwrap()).unwrap();
        // Settled from the other folder: the journal is found through the marker.
        let notes = recover(&other);
        assert!(notes[0].contains("finished writing 1 file(s)"), "{notes:?}");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(names(&home), ["a.json"]);
        assert_eq!(names(&other), ["b.html"]);

        // Killed before the commit point: a marker and a temporary, no journal.
        fs::write(&tmp_b, "newer b").unwrap();
        fs::write(&marker_path, serde_json::to_vec(&marker).unwrap()).unwrap();
        recover(&other);
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(names(&other), ["b.html"]);
        fs::remove_dir_all(&home).unwrap();
        fs::remove_dir_all(&other).unwrap();
    }

    #[test]
    fn a_live_runs_files_are_left_alone() {
        let dir = folder("live");
        let ours = dir.join(format!(".a.json.{TEMP}-1"));
        fs::write(&ours, "pid 1 is always running").unwrap();
        assert!(recover(&dir).is_empty());
        assert!(ours.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
