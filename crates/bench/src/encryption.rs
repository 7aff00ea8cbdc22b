//! Encryption's cost: the same CLI work with the current program (encrypted, keyring mode
//! and passphrase mode) and with a build of the last version before encryption (plain
//! SQLite), each command a fresh process, median of [`RUNS`]. Run by
//! `scripts/bench-encryption`, which builds the baseline and provides the keyring.

use crate::ms;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const PASSPHRASE: &str = "en lösenfras för mätningarna";

/// How the program is run.
#[derive(Clone, Copy)]
enum Variant {
    /// The last version without encryption.
    Baseline,
    /// This version, key from the keyring (the default on a desktop).
    Keyring,
    /// This version, key derived from `AKTGRANSKNING_PASSPHRASE`.
    Passphrase,
}

impl Variant {
    fn label(self) -> &'static str {
        match self {
            Variant::Baseline => "without encryption (baseline)",
            Variant::Keyring => "encrypted, key from the keyring",
            Variant::Passphrase => "encrypted, passphrase",
        }
    }
}

struct Setup {
    baseline: PathBuf,
    cli: PathBuf,
    dir: PathBuf,
}

impl Setup {
    fn cmd(&self, v: Variant, db: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(match v {
            Variant::Baseline => &self.baseline,
            _ => &self.cli,
        });
        c.env_remove("AKTGRANSKNING_PASSPHRASE");
        if let Variant::Passphrase = v {
            c.env("AKTGRANSKNING_PASSPHRASE", PASSPHRASE);
        }
        c.arg("--db").arg(db).args(["--user", "bench"]).args(args);
        c
    }

    fn run(&self, v: Variant, db: &Path, args: &[&str]) -> Duration {
        let t0 = Instant::now();
        let out = self.cmd(v, db, args).output().expect("run the CLI");
        let t = t0.elapsed();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn fresh(&self, v: Variant, name: &str) -> PathBuf {
        let db = self.dir.join(format!("{name}.sqlite3"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        self.run(v, &db, &crate::NEW_AUDIT);
        db
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Prints the comparison as a Markdown table.
pub fn bench(baseline: &Path, cli: &Path, csv: &Path, rows: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = Setup {
        baseline: baseline.to_path_buf(),
        cli: cli.to_path_buf(),
        dir: dir.path().to_path_buf(),
    };
    let csv = csv.to_str().expect("utf-8 path");
    let variants = [Variant::Baseline, Variant::Keyring, Variant::Passphrase];
    let mut figures: Vec<[Duration; 3]> = vec![[Duration::ZERO; 3]; 3];
    for (k, &v) in variants.iter().enumerate() {
        // Import into a fresh database each time.
        figures[0][k] = median(
            (0..RUNS)
                .map(|i| {
                    let db = s.fresh(v, &format!("import-{k}-{i}"));
                    s.run(v, &db, &["import", "--audit", "1", csv])
                })
                .collect(),
        );
        // One database with the population; then a cold process opening it and listing
        // the audits (what a start costs), and a draw.
        let db = s.fresh(v, &format!("open-{k}"));
        s.run(v, &db, &["import", "--audit", "1", csv]);
        figures[1][k] = median(
            (0..RUNS)
                .map(|_| s.run(v, &db, &["audit", "list"]))
                .collect(),
        );
        figures[2][k] = median(
            (0..RUNS)
                .map(|i| {
                    let seed = i.to_string();
                    s.run(
                        v,
                        &db,
                        &[
                            "sample", "draw", "--audit", "1", "--seed", &seed, "--reason",
                            "mätning",
                        ],
                    )
                })
                .collect(),
        );
    }
    println!(
        "| what ({rows} cases, release build, median of {RUNS}, each a fresh process) | {} | {} | {} | ratio keyring / baseline |",
        variants[0].label(),
        variants[1].label(),
        variants[2].label()
    );
    println!("|---|---|---|---|---|");
    for (label, f) in [
        ("import CSV (parse, validate, store)", &figures[0]),
        (
            "open the database and list the audits (a cold start's database part)",
            &figures[1],
        ),
        ("draw a 30 % sample", &figures[2]),
    ] {
        println!(
            "| {label} | {} | {} | {} | {:.2} × |",
            ms(f[0]),
            ms(f[1]),
            ms(f[2]),
            f[1].as_secs_f64() / f[0].as_secs_f64()
        );
    }
}
