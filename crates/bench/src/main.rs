//! `aktgranskning-bench`: the project's benchmarks, as figures, not pass/fail tests.
//!
//! Generates a synthetic population of 100,000 cases, then measures with the release
//! build of the `aktgranskning` CLI (each run a fresh process and database, so the
//! figures are what a user waits for, database writes included): import from CSV,
//! import from XLSX, and drawing a 30 % sample; and, in process, the sampling algorithm
//! alone. Peak memory (maximum resident set size) comes from GNU time. Then the report
//! for the nämnd, beside LibreOffice converting the same document ([`report`]). Prints a
//! Markdown table for the README. Run it with `scripts/bench`.

mod encryption;
mod report;

use aktgranskning_core::PopulationRow;
use aktgranskning_core::sampling::{Strata, draw_v2};
use aktgranskning_service::demo::{self, SyntheticRow};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ROWS: usize = 100_000;
const RUNS: usize = 5;

fn main() {
    // `aktgranskning-bench encryption BASELINE_CLI CLI`: encryption's cost alone.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("encryption") {
        let (baseline, cli) = (PathBuf::from(&args[2]), PathBuf::from(&args[3]));
        let dir = tempfile::tempdir().expect("temp dir");
        let reference = chrono::NaiveDate::from_ymd_opt(2023, 9, 1).expect("date");
        let csv = dir.path().join("population.csv");
        let rows = demo::synthetic_population(ROWS, 7, reference);
        std::fs::write(&csv, demo::to_csv(&rows, b';')).expect("write csv");
        encryption::bench(&baseline, &cli, &csv, ROWS);
        return;
    }
    // `aktgranskning-bench report CLI`: the report rows alone.
    if args.get(1).map(String::as_str) == Some("report") {
        report::bench(&PathBuf::from(&args[2]), RUNS);
        return;
    }
    let cli = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/release/aktgranskning"));
    assert!(
        cli.exists(),
        "build the release CLI first: {}",
        cli.display()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let reference = chrono::NaiveDate::from_ymd_opt(2023, 9, 1).expect("date");
    let rows = demo::synthetic_population(ROWS, 7, reference);
    let csv = dir.path().join("population.csv");
    std::fs::write(&csv, demo::to_csv(&rows, b';')).expect("write csv");
    let xlsx = dir.path().join("population.xlsx");
    write_xlsx(&rows, &xlsx);

    println!("| what ({ROWS} cases, release build, median of {RUNS}) | time | peak memory |");
    println!("|---|---|---|");
    for (label, file) in [
        ("import CSV (CLI, parse + validate + store)", &csv),
        ("import XLSX (CLI, parse + validate + store)", &xlsx),
    ] {
        let (t, rss) = median_run(RUNS, |i| {
            let db = fresh_audit(&cli, dir.path(), &format!("imp{label:.10}{i}"));
            (
                cli_cmd(&cli, &db, &["import", "--audit", "1", path_str(file)]),
                db,
            )
        });
        println!("| {label} | {} | {} |", ms(t), mib(rss));
    }
    let db = fresh_audit(&cli, dir.path(), "draw");
    run_ok(cli_cmd(
        &cli,
        &db,
        &["import", "--audit", "1", path_str(&csv)],
    ));
    let (t, rss) = median_run(RUNS, |_| {
        (
            cli_cmd(
                &cli,
                &db,
                &["sample", "draw", "--audit", "1", "--seed", "1"],
            ),
            db.clone(),
        )
    });
    println!(
        "| draw 30 % sample (CLI, load population + draw + store) | {} | {} |",
        ms(t),
        mib(rss)
    );

    let mut parse_times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t0 = Instant::now();
            let rows = aktgranskning_import_rows(&csv, reference);
            assert_eq!(rows.len(), ROWS);
            t0.elapsed()
        })
        .collect();
    parse_times.sort();
    println!(
        "| parse + validate CSV alone (in process) | {} | – |",
        ms(parse_times[RUNS / 2])
    );
    let parsed: Vec<PopulationRow> = aktgranskning_import_rows(&csv, reference);
    let units: Vec<_> = parsed
        .iter()
        .map(|r| r.sampling_unit(&Strata::default_strata()))
        .collect();
    let mut times: Vec<Duration> = (0..21)
        .map(|seed| {
            let t0 = Instant::now();
            let s = draw_v2(&units, 3000, seed).expect("draw");
            let t = t0.elapsed();
            assert_eq!(s.sample_size, 30_000);
            t
        })
        .collect();
    times.sort();
    println!(
        "| sampling algorithm v2 alone (in process, stratified, n = 30 000) | {} | – |",
        ms(times[times.len() / 2])
    );
    results_bench(reference);
    report::bench(&cli, RUNS);
}

/// Results for 10,000 sampled files × the 32 items of the standard template, every item
/// answered (in process: applicability, counts, intervals, grades, roll-ups).
fn results_bench(reference: chrono::NaiveDate) {
    use aktgranskning_core::checklist::{Answer, CaseFacts, Template};
    use aktgranskning_core::results::{ReviewedFile, compute};
    use std::collections::HashMap;
    // Version 1 (32 items), so the figure stays comparable with the earlier ones.
    let template = Template::standard_v1();
    let rows = demo::synthetic_population(33_334, 3, reference);
    let parsed =
        aktgranskning_service::import_rows(demo::to_csv(&rows, b';').as_bytes(), reference)
            .expect("valid population");
    let facts: Vec<CaseFacts> = parsed.iter().map(|r| r.case_facts(reference)).collect();
    let values = [
        Answer::Ja,
        Answer::Ja,
        Answer::Ja,
        Answer::Delvis,
        Answer::Nej,
        Answer::EjAktuellt,
    ];
    let maps: Vec<HashMap<String, Answer>> = (0..10_000)
        .map(|f| {
            template
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| (item.id.clone(), values[(f * 7 + i * 3) % values.len()]))
                .collect()
        })
        .collect();
    let sample: Vec<ReviewedFile> = maps
        .iter()
        .zip(&facts)
        .map(|(m, f)| ReviewedFile {
            facts: *f,
            answers: m,
        })
        .collect();
    let finals = HashMap::new();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t0 = Instant::now();
            let r = compute(&template, &facts, &sample, &finals);
            let t = t0.elapsed();
            assert_eq!(r.items.len(), 32);
            t
        })
        .collect();
    times.sort();
    println!(
        "| results: 10 000 sampled files × 32 items, population 33 334 (in process) | {} | – |",
        ms(times[RUNS / 2])
    );
}

fn aktgranskning_import_rows(csv: &Path, reference: chrono::NaiveDate) -> Vec<PopulationRow> {
    let bytes = std::fs::read(csv).expect("read csv");
    aktgranskning_service::import_rows(&bytes, reference).expect("valid population")
}

fn write_xlsx(rows: &[SyntheticRow], path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in demo::HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("cell");
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.fields().iter().enumerate() {
            ws.write_string(i as u32 + 1, c as u16, *v).expect("cell");
        }
    }
    wb.save(path).expect("save xlsx");
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn cli_cmd(cli: &Path, db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("/usr/bin/time");
    c.args(["-f", "%M"])
        .arg(cli)
        .arg("--db")
        .arg(db)
        .args(["--user", "bench"])
        .args(args);
    c
}

/// Runs a prepared command; returns its wall time and peak RSS in KiB.
fn run_ok(mut c: Command) -> (Duration, u64) {
    let t0 = Instant::now();
    let out = c
        .output()
        .expect("run (is GNU time installed at /usr/bin/time?)");
    let t = t0.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    (t, rss)
}

fn median_run(runs: usize, mut make: impl FnMut(usize) -> (Command, PathBuf)) -> (Duration, u64) {
    let mut results: Vec<(Duration, u64)> = (0..runs).map(|i| run_ok(make(i).0)).collect();
    results.sort();
    let rss = results.iter().map(|r| r.1).max().unwrap_or(0);
    (results[runs / 2].0, rss)
}

fn fresh_audit(cli: &Path, dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(format!(
        "{}.sqlite3",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    ));
    let _ = std::fs::remove_file(&db);
    run_ok(cli_cmd(cli, &db, &NEW_AUDIT));
    db
}

/// The arguments that create the benchmarks' audit in a fresh database.
const NEW_AUDIT: [&str; 12] = [
    "audit",
    "new",
    "--unit",
    "Bench",
    "--org",
    "O",
    "--board",
    "B",
    "--diarienr",
    "D",
    "--date",
    "2023-09-01",
];

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}
