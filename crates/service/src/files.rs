//! Reading and writing the user's files (populations, answer files, report PDFs), shared
//! by the CLI and the desktop app, with Swedish messages that name the file and the
//! reason but never its content.

use crate::ServiceError;
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

/// Writes a whole file: beside the target first, flushed to disk, then renamed over it,
/// so that a failure never leaves half a file (and an earlier version stays intact).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), ServiceError> {
    let tmp = path.with_extension("tmp-aktgranskning");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ServiceError::invalid(format!(
            "Filen {} kunde inte skrivas: {}",
            path.display(),
            io_reason(&e)
        ))
    })
}
