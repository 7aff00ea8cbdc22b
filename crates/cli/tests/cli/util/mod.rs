//! Helpers for the CLI tests: a scratch database, running the real binary, and
//! generated population files (synthetic, made at test time, never committed).

use aktgranskning_service::demo::{self, SyntheticRow};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const REFERENCE: &str = "2023-09-01";

pub fn reference() -> NaiveDate {
    NaiveDate::parse_from_str(REFERENCE, "%Y-%m-%d").unwrap()
}

/// The passphrase the tests' databases are encrypted with (passphrase mode, as on a
/// server; the keyring path has its own test).
pub const PASSPHRASE: &str = "en lösenfras bara för testerna";

/// The CLI binary, in passphrase mode.
pub fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_aktgranskning"));
    c.env("AKTGRANSKNING_PASSPHRASE", PASSPHRASE);
    c
}

/// A connection to a test database (encrypted with [`PASSPHRASE`]), for what a test
/// changes or reads behind the program's back.
pub fn open_db(path: &Path) -> rusqlite::Connection {
    open_db_with(path, rusqlite::OpenFlags::default())
}

pub fn open_db_with(path: &Path, flags: rusqlite::OpenFlags) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_with_flags(path, flags).unwrap();
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")
        .unwrap();
    conn.pragma_update(None, "key", PASSPHRASE).unwrap();
    conn
}

/// Exports the database `conn` has open into a plain (unencrypted) SQLite file at `plain`
/// (SQLCipher's documented way to decrypt: a database attached with an empty key), left
/// attached as `plain` for what the caller sets on it.
pub fn export_plain(conn: &rusqlite::Connection, plain: &Path) {
    conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [plain.to_str().unwrap()],
    )
    .unwrap();
    conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
}

/// A scratch directory with its own database.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// The outcome of one CLI run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout parsed as the one JSON value `--json` promises.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "not one JSON value ({e}): {:?}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.sqlite3")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `aktgranskning --db DB --user testare ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_as("testare", args)
    }

    /// Runs `aktgranskning --db DB --user USER ARGS…`.
    pub fn run_as(&self, user: &str, args: &[&str]) -> Run {
        self.run_with(user, &[], args)
    }

    /// Runs `aktgranskning --db DB --user USER ARGS…` with more environment variables.
    pub fn run_with(&self, user: &str, vars: &[(&str, &str)], args: &[&str]) -> Run {
        let out = cli()
            .envs(vars.iter().copied())
            .arg("--db")
            .arg(self.db())
            .args(["--user", user])
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs with `--json`, expects success and returns the value.
    pub fn ok(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.run(&a);
        assert_eq!(r.code, 0, "{args:?} failed: {}{}", r.stdout, r.stderr);
        r.json()
    }

    /// As [`Env::ok`], acting as `user`.
    pub fn ok_as(&self, user: &str, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.run_as(user, &a);
        assert_eq!(
            r.code, 0,
            "{user} {args:?} failed: {}{}",
            r.stdout, r.stderr
        );
        r.json()
    }

    /// As [`Env::fails`], acting as `user`.
    pub fn fails_as(&self, user: &str, code: i32, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.run_as(user, &a);
        assert_eq!(r.code, code, "{user} {args:?}: {}{}", r.stdout, r.stderr);
        r.json()
    }

    /// Runs with `--json` and expects exit code `code`.
    pub fn fails(&self, code: i32, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.run(&a);
        assert_eq!(r.code, code, "{args:?}: {}{}", r.stdout, r.stderr);
        r.json()
    }

    /// The kinds of the audit's history events, oldest first.
    pub fn log_kinds(&self, audit: &str) -> Vec<String> {
        self.events(audit, &[])
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    }

    /// The audit's history events of these kinds (all when `kinds` is empty), oldest first.
    pub fn events(&self, audit: &str, kinds: &[&str]) -> Vec<Value> {
        self.ok(&["log", "--audit", audit])
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| kinds.is_empty() || kinds.contains(&e["kind"].as_str().unwrap()))
            .cloned()
            .collect()
    }

    /// Creates an audit and returns its id as a string for `--audit`.
    pub fn new_audit(&self) -> String {
        let v = self.ok(&[
            "audit",
            "new",
            "--unit",
            "Myndighet LSS",
            "--org",
            "Socialförvaltningen",
            "--board",
            "Socialnämnden",
            "--diarienr",
            "2023/SN 0123",
            "--date",
            REFERENCE,
        ]);
        v["id"].to_string().trim_matches('"').to_string()
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// The population size the list reports for an audit.
    pub fn population_of(&self, audit: &str) -> u64 {
        let list = self.ok(&["audit", "list"]);
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"].as_i64() == audit.parse().ok())
            .unwrap()["population"]
            .as_u64()
            .unwrap()
    }
}

/// `audit new` with placeholder organisation fields, the given unit and date, and any
/// extra arguments.
pub fn audit_new_args<'a>(unit: &'a str, date: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "audit",
        "new",
        "--unit",
        unit,
        "--org",
        "O",
        "--board",
        "B",
        "--diarienr",
        "D",
        "--date",
        date,
    ];
    a.extend_from_slice(extra);
    a
}

pub fn population(n: usize, seed: u64) -> Vec<SyntheticRow> {
    demo::synthetic_population(n, seed, reference())
}

/// CSV text with the given delimiter.
pub fn csv_text(rows: &[SyntheticRow], delimiter: u8) -> String {
    demo::to_csv(rows, delimiter)
}

/// An XLSX workbook of the rows. Personnummer as numbers where `numeric_pnr` (as Excel
/// turns them when typed in), decision dates as real date cells.
pub fn xlsx_bytes(rows: &[SyntheticRow], numeric_pnr: bool, path: &Path) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Aktuella ärenden").unwrap();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in demo::HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.case_id).unwrap();
        if numeric_pnr {
            let digits: String = r
                .personnummer
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            ws.write_number(row, 1, digits.parse::<f64>().unwrap())
                .unwrap();
        } else {
            ws.write_string(row, 1, &r.personnummer).unwrap();
        }
        ws.write_string(row, 2, &r.lagrum).unwrap();
        ws.write_string(row, 3, &r.insats).unwrap();
        ws.write_string(row, 4, &r.handlaggare).unwrap();
        let d = ExcelDateTime::parse_from_str(&r.beslutsdatum).unwrap();
        ws.write_datetime_with_format(row, 5, &d, &date_fmt)
            .unwrap();
        ws.write_string(row, 6, &r.beslutstyp).unwrap();
    }
    wb.save(path).unwrap();
    std::fs::read(path).unwrap()
}

/// A hash of the database's logical content (every table's schema and rows, in order),
/// like a hash of `sqlite3 .dump`: equal before and after a refused command means
/// nothing was changed, whatever SQLite did to the file's pages when it was opened.
pub fn dump_hash(db: &Path) -> String {
    use std::fmt::Write;
    let conn = open_db_with(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
    let mut out = String::new();
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, sql) in tables {
        writeln!(out, "{sql}").unwrap();
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{name}\"")))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                write!(out, "{v:?}|").unwrap();
            }
            out.push('\n');
        }
    }
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
            .unwrap();
        writeln!(out, "{pragma}={v}").unwrap();
    }
    sha256_hex(out.as_bytes())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let out = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bytes)?;
            c.wait_with_output()
        })
        .unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// A fact-check round up to the enhetschef's answer: the package exported from the
/// audit, the comments (a JSON list) answered with `factcheck respond`. Returns the
/// export's JSON and the answer file.
pub fn factcheck_answer(env: &Env, audit: &str, comments_json: &str) -> (Value, PathBuf) {
    let package = env.path("paket.json");
    let exported = env.ok(&[
        "factcheck",
        "export",
        "--audit",
        audit,
        "--out",
        package.to_str().unwrap(),
    ]);
    let comments = env.write("kommentarer.json", comments_json.as_bytes());
    let answer = env.path("svar.json");
    env.ok(&[
        "factcheck",
        "respond",
        "--package",
        package.to_str().unwrap(),
        "--out",
        answer.to_str().unwrap(),
        "--comments",
        comments.to_str().unwrap(),
    ]);
    (exported, answer)
}

/// An audit with an imported population of `n` and a drawn sample (seed 1); returns the
/// audit id and the sampled case ids.
pub fn sampled(env: &Env, n: usize) -> (String, Vec<String>) {
    let id = env.new_audit();
    let f = env.write(
        &format!("pop-{id}.csv"),
        csv_text(&population(n, 42), b';').as_bytes(),
    );
    env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    let s = env.ok(&["sample", "draw", "--audit", &id, "--seed", "1"]);
    let ids = s["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    (id, ids)
}

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A program of the tests' Python environment (independent readers of the program's
/// output, `tests/requirements.txt`).
pub fn py_tool(name: &str) -> PathBuf {
    let tool = repo_root().join("target/py/bin").join(name);
    assert!(
        tool.exists(),
        "the tests' Python readers: run scripts/py-env (scripts/install-deps does)"
    );
    tool
}

/// A document as one of the tests' Python readers (`tests/office/SCRIPT`) prints it.
fn read_with(script: &str, path: &Path) -> Value {
    let out = Command::new(py_tool("python3"))
        .arg(repo_root().join("tests/office").join(script))
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An XLSX workbook as openpyxl reads it (`tests/office/read_xlsx.py`).
pub fn read_xlsx(path: &Path) -> Value {
    read_with("read_xlsx.py", path)
}

/// A DOCX file as python-docx reads it (`tests/office/read_docx.py`).
pub fn read_docx(path: &Path) -> Value {
    read_with("read_docx.py", path)
}

/// A PDF's text in reading order (pdftotext without layout), whitespace runs made single
/// spaces, for phrases that may wrap.
pub fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/install-deps)");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Env {
    /// The audit's draft report made through the CLI, read as [`pdf_text`] reads it.
    pub fn draft_report_text(&self, audit: &str) -> String {
        let pdf = self.path(&format!("rapport-{audit}.pdf"));
        self.ok(&[
            "report",
            "--audit",
            audit,
            "--out",
            pdf.to_str().unwrap(),
            "--draft",
        ]);
        pdf_text(&pdf)
    }
}

/// The checks of `tests/pdf/check_pdf.py` (pikepdf: catalog, XMP, OutputIntent, fonts,
/// structure tree, marked content, bookmarks) and the PDF/UA rules `pdfua` implements,
/// both independent of the Rust code that wrote the file. Returns the checker's facts.
pub fn check_pdf(pdf: &Path, draft: bool) -> serde_json::Value {
    check_pdf_with(pdf, draft, false)
}

/// [`check_pdf`] of a short document without a table of contents or bookmarks.
pub fn check_short_pdf(pdf: &Path) -> serde_json::Value {
    check_pdf_with(pdf, false, true)
}

fn check_pdf_with(pdf: &Path, draft: bool, short: bool) -> serde_json::Value {
    let mut cmd = Command::new(py_tool("python3"));
    cmd.arg(repo_root().join("tests/pdf/check_pdf.py"))
        .arg(pdf)
        .arg(if draft {
            "--expect-draft"
        } else {
            "--expect-final"
        });
    if short {
        cmd.arg("--short");
    }
    let out = cmd.output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    assert_eq!(report["ok"], true, "{}", report["problems"]);
    let ua = Command::new(py_tool("pdfua"))
        .args(["check", "--format", "json"])
        .arg(pdf)
        .output()
        .unwrap();
    let ua_text = String::from_utf8_lossy(&ua.stdout);
    assert!(ua.status.success(), "pdfua: {ua_text}");
    report["facts"].clone()
}

/// A finalised audit of `unit`: the synthetic population, a drawn sample, every item
/// answered Ja in about `share` of the files (Ej aktuellt where the template says the
/// item does not apply), then finalised unless `finalise` is false. Returns the id and
/// the answer file's lines as imported (`Ärende-id;Fråga;Svar;Kommentar` first).
pub fn complete_audit_answers(
    env: &Env,
    unit: &str,
    org: &str,
    date: &str,
    follows: Option<&str>,
    share: f64,
    finalise: bool,
) -> (String, Vec<String>) {
    let diarienr = format!("{} {}", &unit[..3].to_uppercase(), &date[..4]);
    let mut args = vec![
        "audit",
        "new",
        "--unit",
        unit,
        "--org",
        org,
        "--board",
        "Nämnden",
        "--diarienr",
        &diarienr,
        "--date",
        date,
    ];
    if let Some(f) = follows {
        args.extend(["--follows", f]);
    }
    let id = env.ok(&args)["id"].to_string();
    let pop = env.write(
        &format!("pop-{id}.csv"),
        csv_text(&population(549, 42), b';').as_bytes(),
    );
    env.ok(&["import", "--audit", &id, pop.to_str().unwrap()]);
    let s = env.ok(&["sample", "draw", "--audit", &id, "--seed", &id]);
    let items: Vec<String> = {
        let t = env.path(&format!("mall-{id}.json"));
        env.ok(&[
            "template",
            "export",
            "--id",
            "standardmall",
            "--out",
            t.to_str().unwrap(),
        ]);
        let v: Value = serde_json::from_slice(&std::fs::read(t).unwrap()).unwrap();
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    let mut lines = vec!["Ärende-id;Fråga;Svar;Kommentar".to_string()];
    for (k, case) in s["case_ids"].as_array().unwrap().iter().enumerate() {
        for (j, item) in items.iter().enumerate() {
            // A fixed, spread-out pattern: about `share` of the files answer Ja.
            let ja = ((k * 37 + j * 11) % 100) as f64 / 100.0 < share;
            lines.push(format!(
                "{};{item};{};",
                case.as_str().unwrap(),
                if ja { "Ja" } else { "Nej" }
            ));
        }
    }
    // The import names every line where the item does not apply: those are Ej aktuellt.
    let file = env.path(&format!("svar-{id}.csv"));
    std::fs::write(&file, lines.join("\n")).unwrap();
    let r = env.run(&[
        "--json",
        "answers",
        "import",
        "--audit",
        &id,
        file.to_str().unwrap(),
    ]);
    if r.code != 0 {
        for e in r.json()["errors"].as_array().unwrap() {
            let l = e["line"].as_u64().unwrap() as usize - 1;
            let mut parts: Vec<String> = lines[l].split(';').map(str::to_string).collect();
            parts[2] = "Ej aktuellt".to_string();
            lines[l] = parts.join(";");
        }
        std::fs::write(&file, lines.join("\n")).unwrap();
        env.ok(&["answers", "import", "--audit", &id, file.to_str().unwrap()]);
    }
    if finalise {
        finalize(env, &id);
    }
    (id, lines)
}

/// [`complete_audit_answers`] without the answer lines.
pub fn complete_audit(
    env: &Env,
    unit: &str,
    org: &str,
    date: &str,
    follows: Option<&str>,
    share: f64,
    finalise: bool,
) -> String {
    complete_audit_answers(env, unit, org, date, follows, share, finalise).0
}

pub fn finalize(env: &Env, id: &str) {
    let pdf = env.path(&format!("slutlig-{id}.pdf"));
    env.ok(&["finalize", "--audit", id, "--out", pdf.to_str().unwrap()]);
}

/// Fills cells of a workbook's first sheet with openpyxl, as a person would in a
/// spreadsheet program (`tests/office/fill_xlsx.py`): `cells` as `D4=Genomförd`.
pub fn fill_xlsx(from: &Path, to: &Path, cells: &[&str]) {
    fill_with("fill_xlsx.py", from, to, cells)
}

/// Fills in cells of a DOCX document's first table with python-docx, as a person would
/// in Word (`tests/office/fill_docx.py`): `E4=Faktafel` is column E of the table's
/// fourth row.
pub fn fill_docx(from: &Path, to: &Path, cells: &[&str]) {
    fill_with("fill_docx.py", from, to, cells)
}

fn fill_with(script: &str, from: &Path, to: &Path, cells: &[&str]) {
    let out = Command::new(py_tool("python3"))
        .arg(repo_root().join("tests/office").join(script))
        .arg(from)
        .arg(to)
        .args(cells)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
