//! `key …` and `backup …`: the database key and its backups.

use super::{db_path, open_store};
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_service::{Context, ServiceError, backup, keys};
use serde_json::json;

/// Runs one of this group's commands (`main` hands over only these).
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    command: &Command,
) -> Result<(), ServiceError> {
    match command {
        Command::Key(KeyCmd::Status) => {
            let store = open_store(cli)?;
            let mode = if keys::env_passphrase().is_some() {
                keys::KeyMode::Passphrase
            } else {
                keys::KeyMode::Keyring
            };
            let path = store.path().map(|p| p.display().to_string());
            out.print(
                &json!({"encrypted": true, "mode": mode, "path": path}),
                || match mode {
                    keys::KeyMode::Passphrase => {
                        "Databasen är krypterad (AES-256) och öppnas med lösenfrasen i \
                     AKTGRANSKNING_PASSPHRASE."
                            .to_string()
                    }
                    keys::KeyMode::Keyring => {
                        "Databasen är krypterad (AES-256) med en nyckel i nyckelringen.".to_string()
                    }
                },
            );
        }
        Command::Key(KeyCmd::RecoveryCode) => {
            if keys::env_passphrase().is_some() {
                return Err(ServiceError::refused(
                    "Databasen öppnas med en lösenfras (AKTGRANSKNING_PASSPHRASE): lösenfrasen \
                 är själv vägen tillbaka, det finns ingen återställningskod.",
                ));
            }
            // Opening first: the code shown is the one of the key that opens this database.
            drop(open_store(cli)?);
            let code = zeroize::Zeroizing::new(keys::current_recovery_code(&keys::OsKeyring)?);
            out.print(&json!({"recovery_code": code.as_str()}), || {
                format!(
                    "Återställningskod (skriv ut eller skriv av den och förvara den inlåst; den \
                 öppnar databasen och alla dess säkerhetskopior):\n\n  {}",
                    code.as_str()
                )
            });
        }
        Command::Key(KeyCmd::Recover) => {
            let mut code = zeroize::Zeroizing::new(String::new());
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut code).map_err(
                |_| ServiceError::invalid("Återställningskoden kunde inte läsas från standard in."),
            )?;
            keys::recover(&db_path(cli), code.trim(), &keys::OsKeyring)?;
            out.print(&json!({"saved": true}), || {
                "Nyckeln är tillbaka i nyckelringen; databasen öppnas som vanligt igen.".to_string()
            });
        }
        Command::Backup(BackupCmd::Create { out: path }) => {
            let store = open_store(cli)?;
            let b = backup::create(&store, ctx, path.as_deref())?;
            out.print(&b, || {
                format!(
                    "Säkerhetskopian är skriven till {}.\nSHA-256: {}",
                    b.path, b.sha256
                )
            });
        }
        Command::Backup(BackupCmd::List) => {
            let store = open_store(cli)?;
            let list = backup::list(&store)?;
            out.print(&list, || output::backups_text(&list));
        }
        Command::Backup(BackupCmd::Restore { file }) => {
            let mut store = open_store(cli)?;
            let kept = backup::restore(&mut store, ctx, file)?;
            out.print(&json!({"restored": true, "previous": kept.path}), || {
                format!(
                    "Databasen är återställd från {}. Databasen som ersattes finns kvar i {}.",
                    file.display(),
                    kept.path
                )
            });
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}
