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
//! A run holds an exclusive lock on every folder it writes (`flock` on the
//! folder itself) from before it settles them to after its last rename,
//! and settling takes the same lock: so what a run finds is never another
//! live run's, and two runs writing one folder take turns. A commit that
//! spans a folder another run holds is left for a later run. (Where
//! folders cannot be locked — not unix — nothing is settled.)

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
    /// Whether each target was there before the write.
    existed: Vec<bool>,
    /// The old targets linked aside.
    old: Vec<PathBuf>,
    /// The markers in the other folders.
    markers: Vec<PathBuf>,
    /// An error stopped step 4 and its undoing began: recovery puts the
    /// old files back instead of finishing.
    #[serde(default)]
    aborting: bool,
}

impl Journal {
    /// The folders of its targets, the journal's own first.
    fn folders(&self) -> Vec<PathBuf> {
        folders(&self.files.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>())
    }
}

/// A folder's share of a commit whose journal lies in another folder.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    pid: u32,
    journal: PathBuf,
    /// The temporary files of this folder.
    temps: Vec<PathBuf>,
}

/// Writes every file, or none ([the protocol](self)), holding their
/// folders and settling them first: what was settled, for the user.
///
/// # Errors
/// The message naming the file that could not be written; the old files
/// are then as they were.
pub(crate) fn write_all<C: Contents + ?Sized>(files: &[(&Path, &C)]) -> Result<Vec<String>, Failed> {
    let targets: Vec<PathBuf> = files.iter().map(|(p, _)| absolute(p)).collect::<Result<_, _>>()?;
    // Held to the end: no other run writes or settles these folders
    // meanwhile, and what is found in them belongs to runs that ended.
    let held = Locks::take(&folders(&targets));
    let notes = held.dirs().flat_map(|dir| recover_held(dir, &held)).collect();
    write_locked(files, &targets)?;
    Ok(notes)
}

fn write_locked<C: Contents + ?Sized>(files: &[(&Path, &C)], targets: &[PathBuf]) -> Result<(), Failed> {
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    for ((_, contents), target) in files.iter().zip(targets) {
        match write_temp(target, *contents) {
            Ok(tmp) => temps.push(tmp),
            Err(e) => {
                remove_all(&temps);
                return Err(e);
            }
        }
    }
    if let ([tmp], [target]) = (temps.as_slice(), targets) {
        return rename(tmp, target).inspect_err(|_| remove_all(&temps));
    }
    let pairs: Vec<(PathBuf, PathBuf)> = temps.into_iter().zip(targets.iter().cloned()).collect();
    commit(pairs)
}

/// Steps 2 to 5 for several files.
fn commit(files: Vec<(PathBuf, PathBuf)>) -> Result<(), Failed> {
    let pid = std::process::id();
    let dirs = folders(&files.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>());
    let Some((home, others)) = dirs.split_first() else { return Ok(()) };
    let journal_path = home.join(format!("{JOURNAL}{pid}.json"));
    let existed = files.iter().map(|(_, t)| t.exists()).collect();
    let mut journal = Journal { pid, files, existed, old: Vec::new(), markers: Vec::new(), aborting: false };
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
    if placed.is_err() {
        // Said first, so that a kill while undoing is undone, not finished.
        journal.aborting = true;
        let _ = write_record(&journal_path, &journal);
        undo(&journal);
    }
    remove_all(&journal.old);
    remove_all(&journal.markers);
    let _ = fs::remove_file(&journal_path);
    sync_dirs(&dirs);
    placed
}

/// Steps 3 and 4: the old targets linked aside, the new ones renamed in.
fn place(journal: &Journal) -> Result<(), Failed> {
    for ((_, target), old) in journal.files.iter().zip(&journal.old) {
        if target.exists() && fs::hard_link(target, old).or_else(|_| fs::copy(target, old).map(|_| ())).is_err() {
            return Err(format!("{}: cannot keep the old file aside", target.display()));
        }
    }
    for (tmp, target) in &journal.files {
        fs::rename(tmp, target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// An error in step 4 (or a kill while undoing one): a target whose
/// temporary file is still there was not replaced, and the temporary file
/// goes; one replaced gets its old file back, or is removed where there
/// was none. Run again, it does no harm.
fn undo(journal: &Journal) {
    for (i, ((tmp, target), old)) in journal.files.iter().zip(&journal.old).enumerate() {
        let _ = if tmp.exists() {
            fs::remove_file(tmp)
        } else if old.exists() {
            fs::rename(old, target)
        } else if !journal.existed.get(i).copied().unwrap_or(true) {
            fs::remove_file(target)
        } else {
            Ok(())
        };
    }
}

/// Finishes or undoes what ended runs left in `dir`, once no run is
/// writing there (the folder's lock): what was done, for the user.
pub(crate) fn recover(dir: &Path) -> Vec<String> {
    let Ok(dir) = absolute(dir) else { return Vec::new() };
    let held = Locks::take(std::slice::from_ref(&dir));
    if held.has(&dir) {
        recover_held(&dir, &held)
    } else {
        Vec::new()
    }
}

/// [`recover`] in a folder whose lock is `held`. A commit spanning other
/// folders is handled only when their locks can be had too; else it is
/// left for a later run.
fn recover_held(dir: &Path, held: &Locks) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return notes };
    let names: Vec<String> = entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    let mut kept: Vec<PathBuf> = Vec::new();
    for name in names.iter().filter(|n| n.starts_with(JOURNAL) && n.ends_with(".json")) {
        let path = dir.join(name);
        match read_record::<Journal>(&path) {
            Some(journal) => notes.extend(settle_journal(&path, &journal, held, &mut kept)),
            // A journal is made whole before it is named: unreadable is not ours.
            None => kept.push(path),
        }
    }
    for name in names.iter().filter(|n| n.starts_with(MARKER) && n.ends_with(".json")) {
        let path = dir.join(name);
        let Some(marker) = read_record::<Marker>(&path) else { continue };
        if !path.exists() {
            continue; // settled with its journal above
        }
        match read_record::<Journal>(&marker.journal) {
            Some(journal) => notes.extend(settle_journal(&marker.journal, &journal, held, &mut kept)),
            None if !marker.journal.exists() => {
                // Never committed: this folder's share goes.
                remove_all(&marker.temps);
                let _ = fs::remove_file(&path);
                notes.push(format!(
                    "removed the unfinished files of a run (pid {}) stopped before it wrote them",
                    marker.pid
                ));
            }
            None => kept.extend(marker.temps.iter().cloned().chain([path])),
        }
    }
    for name in &names {
        let path = dir.join(name);
        let stray = name.contains(&format!(".{TEMP}-")) || name.contains(&format!(".{OLD}-")) || is_part(name);
        if stray && !kept.contains(&path) && path.exists() && fs::remove_file(&path).is_ok() {
            notes.push(format!("removed {}, left by a run that was stopped", path.display()));
        }
    }
    notes
}

/// A committed journal of an ended run: finished, or undone if it was
/// aborting — when every folder it spans can be held; else its files are
/// `kept` for a later run.
fn settle_journal(path: &Path, journal: &Journal, held: &Locks, kept: &mut Vec<PathBuf>) -> Option<String> {
    let spans = journal.folders();
    let more = Locks::try_take(&spans.iter().filter(|d| !held.has(d)).cloned().collect::<Vec<_>>());
    let Some(_more) = more else {
        kept.extend(journal.files.iter().map(|(t, _)| t.clone()).chain(journal.old.iter().cloned()));
        kept.push(path.to_path_buf());
        return Some(format!(
            "left the interrupted write of a run (pid {}) for later: another run holds one of its folders",
            journal.pid
        ));
    };
    let note = if journal.aborting {
        undo(journal);
        format!("put back the old files of a run (pid {}) stopped while it undid a failed write", journal.pid)
    } else {
        let renamed: Vec<String> = journal
            .files
            .iter()
            .filter(|(tmp, target)| tmp.exists() && fs::rename(tmp, target).is_ok())
            .map(|(_, target)| target.display().to_string())
            .collect();
        format!(
            "finished writing {} file(s) of a run (pid {}) stopped while it wrote them: {}",
            renamed.len(),
            journal.pid,
            renamed.join(", ")
        )
    };
    remove_all(&journal.old);
    remove_all(&journal.markers);
    let _ = fs::remove_file(path);
    sync_dirs(&spans);
    Some(note)
}

fn is_part(name: &str) -> bool {
    (name.starts_with(JOURNAL) || name.starts_with(MARKER)) && name.ends_with(".part")
}

/// Exclusive locks on folders (`flock` on the folder itself, so nothing is
/// created in it), released when dropped. Where a folder cannot be locked
/// (not unix, no permission), it is not held: nothing is recovered there.
struct Locks(Vec<(PathBuf, fs::File)>);

impl Locks {
    /// Waits for each folder's lock, in path order (two runs never wait on
    /// each other crosswise).
    fn take(dirs: &[PathBuf]) -> Locks {
        let mut sorted = dirs.to_vec();
        sorted.sort();
        sorted.dedup();
        Locks(
            sorted
                .into_iter()
                .filter_map(|d| fs::File::open(&d).ok().filter(|f| f.lock().is_ok()).map(|f| (d, f)))
                .collect(),
        )
    }

    /// Every folder's lock now, or none.
    fn try_take(dirs: &[PathBuf]) -> Option<Locks> {
        let mut got = Vec::new();
        for d in dirs {
            let f = fs::File::open(d).ok()?;
            f.try_lock().ok()?;
            got.push((d.clone(), f));
        }
        Some(Locks(got))
    }

    fn has(&self, dir: &Path) -> bool {
        self.0.iter().any(|(d, _)| d == dir)
    }

    fn dirs(&self) -> impl Iterator<Item = &Path> {
        self.0.iter().map(|(d, _)| d.as_path())
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
fn folders(paths: &[PathBuf]) -> Vec<PathBuf> {
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
        let c = dir.join("c.json");
        let tmp_c = write_temp(&c, &Text("new c")).unwrap();
        // b's temporary file is gone before its rename: step 4 stops after
        // a was placed; c (new) is never reached.
        let journal = Journal {
            pid: std::process::id(),
            files: vec![(tmp_a, a.clone()), (sibling(&b, TEMP), b.clone()), (tmp_c, c.clone())],
            existed: vec![true, true, false],
            old: vec![sibling(&a, OLD), sibling(&b, OLD), sibling(&c, OLD)],
            markers: Vec::new(),
            aborting: true,
        };
        assert!(place(&journal).is_err());
        undo(&journal);
        remove_all(&journal.old);
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "old b");
        assert_eq!(names(&dir), ["a.json", "b.json"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_ended_runs_journal_is_finished_and_its_markers_without_one_undone() {
        let (home, other) = (folder("home"), folder("other"));
        let pid = 4_000_000; // an ended run: no lock is held on the folders
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
            existed: vec![true, true],
            old: vec![],
            markers: vec![marker_path.clone()],
            aborting: false,
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
    fn a_folder_another_run_holds_is_left_alone() {
        let dir = folder("held");
        let theirs = dir.join(format!(".a.json.{TEMP}-1"));
        fs::write(&theirs, "a run under way").unwrap();
        let other_run = Locks::take(std::slice::from_ref(&dir));
        assert!(other_run.has(&dir), "folders lock here");
        // The lock is the folder's, not the process's: a second handle in
        // this process waits like another run would, so try it on a thread.
        let dir2 = dir.clone();
        let waiting = std::thread::spawn(move || recover(&dir2));
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(theirs.exists(), "touched while the folder was held");
        drop(other_run);
        assert_eq!(waiting.join().unwrap().len(), 1, "settled once released");
        assert!(!theirs.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
