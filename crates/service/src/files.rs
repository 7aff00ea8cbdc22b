//! Reading and writing the user's files (populations, answer files, report PDFs), shared
//! by the CLI and the desktop app, with Swedish messages that name the file and the
//! reason but never its content.

use crate::ServiceError;
use aktgranskning_store::COMPANION_SUFFIXES;
use std::io::Write;
use std::path::Path;

/// The reason of an I/O failure in Swedish.
pub fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "filen eller mappen finns inte",
        std::io::ErrorKind::PermissionDenied => "behörighet saknas",
        std::io::ErrorKind::IsADirectory => "sökvägen är en mapp",
        _ => "in- eller utmatningsfel",
    }
}

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>, ServiceError> {
    std::fs::read(path).map_err(|e| {
        ServiceError::invalid(format!(
            "Filen {} kunde inte läsas: {}",
            path.display(),
            io_reason(&e)
        ))
    })
}

/// Reads a text file the user chose (a chapter text): any of the encodings a population
/// file may have, with a Swedish error for a broken one.
pub fn read_text(path: &Path) -> Result<String, ServiceError> {
    let bytes = read(path)?;
    aktgranskning_import::table::decode(&bytes)
        .map(|(text, _)| text)
        .map_err(|e| {
            ServiceError::invalid(format!(
                "Filen {} kunde inte läsas, rad {}: {}",
                path.display(),
                e.line,
                e.message
            ))
        })
}

/// Writes a file the user chose (a report, an export, a package): the path is checked
/// first ([`check_output`]), then the bytes go to a new file with a random name created
/// exclusively in the target folder (never following a symlink, never touching anyone
/// else's file), flushed to disk and renamed over the target, so that a failure never
/// leaves half a file and an earlier version stays intact until the new one is whole.
///
/// `db` is the open database, which is never replaced.
pub fn write_output(path: &Path, bytes: &[u8], db: Option<&Path>) -> Result<(), ServiceError> {
    check_output(path, db)?;
    let failed = |e: std::io::Error| {
        ServiceError::invalid(format!(
            "Filen {} kunde inte skrivas: {}",
            path.display(),
            io_reason(&e)
        ))
    };
    let mut tmp = temp_beside(path).map_err(failed)?;
    tmp.write_all(bytes).map_err(failed)?;
    tmp.as_file().sync_all().map_err(failed)?;
    put_in_place(tmp.into_temp_path(), path).map_err(failed)
}

/// A new, empty file with a random name, created exclusively (owner-only) in the folder
/// `path` is to go in; removed again when dropped unless [`put_in_place`] renames it.
pub(crate) fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".aktgranskning-")
        .suffix(".tmp")
        .tempfile_in(folder_of(path))
}

/// Renames a finished temporary file over `path` and flushes the folder, so the rename
/// itself is durable.
pub(crate) fn put_in_place(tmp: tempfile::TempPath, path: &Path) -> std::io::Result<()> {
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(folder_of(path)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `bytes` to `out` when one is given (see [`write_output`]); used inside the
/// transaction that records the output, so the record is committed only once the file
/// is in place.
pub(crate) fn deliver(
    out: Option<&Path>,
    bytes: &[u8],
    db: Option<&Path>,
) -> Result<(), ServiceError> {
    match out {
        Some(path) => write_output(path, bytes, db),
        None => Ok(()),
    }
}

/// Checks an output path before the work of making its content (see [`check_output`]).
pub(crate) fn check_out(out: Option<&Path>, db: Option<&Path>) -> Result<(), ServiceError> {
    out.map_or(Ok(()), |p| check_output(p, db))
}

/// Refuses an output path that resolves (relative, `..`, symlinks) to the open database,
/// its `-wal`, `-shm` or `-journal` file, or to any SQLite database or its companion
/// files: writing a report there would destroy an audit. Nothing is changed.
pub fn check_output(path: &Path, db: Option<&Path>) -> Result<(), ServiceError> {
    let refuse = |what: &str| {
        ServiceError::refused(format!(
            "Filen {} skrivs inte: sökvägen är {what}, som då skulle ersättas. Välj ett annat filnamn.",
            path.display()
        ))
    };
    if path.as_os_str().is_empty() {
        return Err(ServiceError::invalid(
            "Ingen fil att skriva till har angetts.",
        ));
    }
    let target = resolve(path);
    if target.is_dir() {
        return Err(ServiceError::invalid(format!(
            "Filen {} kunde inte skrivas: sökvägen är en mapp",
            path.display()
        )));
    }
    if let Some(db) = db {
        let db = resolve(db);
        if COMPANION_SUFFIXES
            .iter()
            .any(|suffix| target == with_suffix(&db, suffix))
        {
            return Err(refuse("granskningarnas databas"));
        }
    }
    if is_sqlite(&target) {
        return Err(refuse("en databas"));
    }
    let name = target.to_string_lossy();
    for suffix in &COMPANION_SUFFIXES[1..] {
        if let Some(base) = name.strip_suffix(suffix)
            && is_sqlite(Path::new(base))
        {
            return Err(refuse("en del av en databas"));
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// The folder a file is written in ("." for a bare file name).
pub(crate) fn folder_of(path: &Path) -> std::path::PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// The path as the file system will resolve it: symlinks, `.` and `..` followed. A file
/// that does not exist yet resolves through its folder; a dangling symlink stays itself
/// (a rename replaces the link, it does not write through it).
fn resolve(path: &Path) -> std::path::PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let folder = std::fs::canonicalize(folder_of(path)).unwrap_or_else(|_| folder_of(path));
    match path.file_name() {
        Some(name) => folder.join(name),
        None => folder,
    }
}

/// Whether an existing file is a database or a part of one: SQLite's header, a WAL's
/// magic number (a WAL's header stays in clear under SQLCipher too), or what an encrypted
/// database looks like ([`looks_encrypted`]).
fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = [0u8; 256];
    let n = f.read(&mut head).unwrap_or(0);
    head[..n].starts_with(b"SQLite format 3\0")
        || (n >= 4 && matches!(head[..4], [0x37, 0x7f, 0x06, 0x82 | 0x83]))
        || looks_encrypted(&head[..n], f.metadata().map(|m| m.len()).unwrap_or(0))
}

/// An encrypted database (SQLCipher) shows no header at all: its file is whole pages of
/// 4096 bytes, and its first bytes (the random salt, then encrypted data) are as varied
/// as random bytes are. No document or spreadsheet starts like that (they start with a
/// readable signature), so such a file is never written over.
fn looks_encrypted(head: &[u8], len: u64) -> bool {
    if len < 4096 || !len.is_multiple_of(4096) || head.len() < 256 {
        return false;
    }
    let mut seen = [false; 256];
    for &b in head {
        seen[usize::from(b)] = true;
    }
    // 256 random bytes hold about 162 distinct values; text or a file format's header
    // far fewer.
    seen.iter().filter(|&&s| s).count() > 120
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_file(path: &Path) {
        let mut bytes = b"SQLite format 3\0".to_vec();
        bytes.resize(4096, 0);
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn the_database_is_never_an_output_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("granskning.sqlite3");
        sqlite_file(&db);
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let link = dir.path().join("rapport.pdf");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        for p in [
            db.clone(),
            dir.path().join("sub/../granskning.sqlite3"),
            link,
            dir.path().join("granskning.sqlite3-wal"),
            dir.path().join("granskning.sqlite3-shm"),
        ] {
            let e = write_output(&p, b"%PDF", Some(&db)).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{}", p.display());
            assert!(e.message.contains("skrivs inte"), "{}", e.message);
        }
        // Any other SQLite file too, even when it is not the open one.
        let other = dir.path().join("annan.db");
        sqlite_file(&other);
        assert!(write_output(&other, b"x", Some(&db)).is_err());
        assert!(write_output(&dir.path().join("annan.db-wal"), b"x", None).is_err());
        let mut expected = b"SQLite format 3\0".to_vec();
        expected.resize(4096, 0);
        assert_eq!(std::fs::read(&db).unwrap(), expected);
        assert_eq!(std::fs::read(&other).unwrap(), expected);
    }

    /// An encrypted database has no header to recognise; it is refused all the same,
    /// while a document of whole pages' size is still written over.
    #[test]
    fn an_encrypted_database_is_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("annan.sqlite3");
        let key = aktgranskning_store::DbKey::Raw(zeroize::Zeroizing::new([4u8; 32]));
        crate::Store::open(&other, &key).unwrap();
        let before = std::fs::read(&other).unwrap();
        assert!(write_output(&other, b"%PDF", None).is_err());
        assert!(write_output(&dir.path().join("annan.sqlite3-wal"), b"x", None).is_err());
        assert_eq!(std::fs::read(&other).unwrap(), before);
        let pdf = dir.path().join("gammal.pdf");
        let mut doc = b"%PDF-1.7\n".to_vec();
        doc.resize(8192, b' ');
        std::fs::write(&pdf, doc).unwrap();
        write_output(&pdf, b"%PDF-1.7 ny", None).unwrap();
    }

    #[test]
    fn writes_whole_files_beside_then_renames_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rapport.pdf");
        write_output(&out, b"first", None).unwrap();
        write_output(&out, b"second", None).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"second");
        // Someone else's file with the old fixed temporary name is left alone.
        let theirs = dir.path().join("rapport.tmp-aktgranskning");
        std::fs::write(&theirs, b"theirs").unwrap();
        write_output(&out, b"third", None).unwrap();
        assert_eq!(std::fs::read(&theirs).unwrap(), b"theirs");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        // A folder is not a file.
        assert!(write_output(dir.path(), b"x", None).is_err());
    }
}
