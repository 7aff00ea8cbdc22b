//! The förvaltning's overview: every unit's latest finalised audit side by side (a grade
//! per checklist area, the items per kvalitetsområde at each grade), each unit's audits
//! over time with the trend verdicts of its follow-ups, the share of Grön, Gul and Röd per
//! förvaltning and year, and the open recommendations of all units. Only finalised
//! audits count: a draft's results can still change. Nothing here names a person or a
//! file; grades come from items with enough files to quote, as everywhere
//! (`docs/statistics.md`).

use crate::recommendations::{RegisterEntry, register};
use crate::review::{ResultsView, results};
use crate::{Result, Store};
use aktgranskning_core::checklist::Grade;
use aktgranskning_core::stats::Verdict;
use aktgranskning_store::audits::{self, AuditRow, Status};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// An area's grade in one audit (`null` while no item of it has enough files to grade).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AreaGrade {
    pub area: String,
    pub grade: Option<Grade>,
}

/// How many of a kvalitetsområde's items have each grade, as in Öppna jämförelser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KvalitetsomradeCount {
    /// The code (KB, SI, HS, TS, TG).
    pub id: String,
    pub name: String,
    pub gron: u32,
    pub gul: u32,
    pub rod: u32,
}

/// An area's verdict against the audit a follow-up follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AreaVerdict {
    pub area: String,
    pub verdict: Verdict,
}

/// One finalised audit of a unit, in its series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnitAudit {
    pub audit: i64,
    pub diarienr: String,
    /// The reference date (aktuella akter den …), `YYYY-MM-DD`.
    pub date: String,
    pub sample_size: usize,
    pub areas: Vec<AreaGrade>,
    /// For a follow-up: each area's verdict against the audit it follows; else empty.
    pub verdicts: Vec<AreaVerdict>,
}

/// One unit: its latest finalised audit, and all of them over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnitOverview {
    pub unit: String,
    pub org: String,
    /// The latest finalised audit (in the year asked for).
    pub audit: i64,
    pub diarienr: String,
    pub date: String,
    pub sample_size: usize,
    pub areas: Vec<AreaGrade>,
    pub kvalitetsomraden: Vec<KvalitetsomradeCount>,
    /// Every finalised audit of the unit up to the latest, the oldest first.
    pub series: Vec<UnitAudit>,
}

/// The areas' grades of a förvaltning's units in one year: each unit's latest finalised
/// audit of the year, every graded area counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct YearShare {
    pub org: String,
    pub year: i32,
    pub units: u32,
    pub gron: u32,
    pub gul: u32,
    pub rod: u32,
}

/// The overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Overview {
    pub units: Vec<UnitOverview>,
    /// The areas in checklist order (the grid's columns).
    pub areas: Vec<String>,
    pub years: Vec<YearShare>,
    /// The open recommendations of the units' finalised audits, overdue first.
    pub recommendations: Vec<RegisterEntry>,
    /// Every förvaltning and year with a finalised audit, for the filters.
    pub orgs: Vec<String>,
    pub all_years: Vec<i32>,
}

/// A finalised audit with its results.
struct Done {
    row: AuditRow,
    results: ResultsView,
}

fn area_grades(r: &ResultsView) -> Vec<AreaGrade> {
    r.areas
        .iter()
        .map(|a| {
            let items: Vec<_> = r
                .items
                .iter()
                .map(|i| &i.result)
                .filter(|i| i.area == a.key)
                .collect();
            AreaGrade {
                area: a.key.clone(),
                grade: crate::findings::area_grade(&items),
            }
        })
        .collect()
}

/// The overview of every unit with a finalised audit, for one förvaltning and year when
/// given; `today` decides which recommendations are overdue.
pub fn overview(
    store: &Store,
    today: NaiveDate,
    org: Option<&str>,
    year: Option<i32>,
) -> Result<Overview> {
    let conn = store.conn();
    let finalised: Vec<AuditRow> = audits::list(conn)?
        .into_iter()
        .filter(|a| a.status == Status::Slutford)
        .collect();
    let orgs: Vec<String> = finalised
        .iter()
        .map(|a| a.org.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let all_years: Vec<i32> = finalised
        .iter()
        .map(|a| a.reference_date.year())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    // Per unit (förvaltning and name), its finalised audits, the oldest first.
    let mut by_unit: BTreeMap<(String, String), Vec<Done>> = BTreeMap::new();
    for a in finalised
        .into_iter()
        .filter(|a| org.is_none_or(|o| a.org == o))
    {
        let results = results(store, a.id)?;
        by_unit
            .entry((a.org.clone(), a.unit.clone()))
            .or_default()
            .push(Done { row: a, results });
    }
    let mut areas: Vec<String> = Vec::new();
    let mut units = Vec::new();
    let mut years: BTreeMap<(String, i32), YearShare> = BTreeMap::new();
    for ((unit_org, unit), mut done) in by_unit {
        done.sort_by_key(|d| (d.row.reference_date, d.row.id));
        // Per year, the unit's latest audit of that year counts in the year's shares.
        let mut latest_of_year: BTreeMap<i32, &Done> = BTreeMap::new();
        for d in &done {
            latest_of_year.insert(d.row.reference_date.year(), d);
        }
        for (y, d) in &latest_of_year {
            let share = years
                .entry((unit_org.clone(), *y))
                .or_insert_with(|| YearShare {
                    org: unit_org.clone(),
                    year: *y,
                    units: 0,
                    gron: 0,
                    gul: 0,
                    rod: 0,
                });
            share.units += 1;
            for g in area_grades(&d.results).iter().filter_map(|a| a.grade) {
                match g {
                    Grade::Gron => share.gron += 1,
                    Grade::Gul => share.gul += 1,
                    Grade::Rod => share.rod += 1,
                }
            }
        }
        // The latest audit (of the year asked for), and the series up to it.
        let Some(last) = done
            .iter()
            .rposition(|d| year.is_none_or(|y| d.row.reference_date.year() == y))
        else {
            continue;
        };
        let mut series = Vec::new();
        for d in &done[..=last] {
            let verdicts = match crate::trend::of_results(store, d.row.id, &d.results)? {
                Some(t) => t
                    .areas
                    .into_iter()
                    .map(|a| AreaVerdict {
                        area: a.area,
                        verdict: a.comparison.verdict,
                    })
                    .collect(),
                None => Vec::new(),
            };
            series.push(UnitAudit {
                audit: d.row.id,
                diarienr: d.row.diarienr.clone(),
                date: d.row.reference_date.to_string(),
                sample_size: d.results.sample_size,
                areas: area_grades(&d.results),
                verdicts,
            });
        }
        let d = &done[last];
        for a in &d.results.areas {
            if !areas.contains(&a.key) {
                areas.push(a.key.clone());
            }
        }
        let latest = series
            .last()
            .cloned()
            .expect("the latest audit is in its series");
        units.push(UnitOverview {
            unit,
            org: unit_org,
            audit: latest.audit,
            diarienr: latest.diarienr,
            date: latest.date,
            sample_size: latest.sample_size,
            areas: latest.areas,
            kvalitetsomraden: d
                .results
                .kvalitetsomraden
                .iter()
                .map(|k| KvalitetsomradeCount {
                    id: k.key.clone(),
                    name: k.name.clone(),
                    gron: k.gron,
                    gul: k.gul,
                    rod: k.rod,
                })
                .collect(),
            series,
        });
    }
    let finalised_ids: std::collections::HashSet<i64> = units
        .iter()
        .flat_map(|u| u.series.iter().map(|a| a.audit))
        .collect();
    let mut recommendations: Vec<RegisterEntry> =
        register(store, today, None, Some("oppen"), false)?
            .into_iter()
            .filter(|r| finalised_ids.contains(&r.audit))
            .collect();
    recommendations.sort_by(|a, b| {
        (!a.overdue, &a.due.is_none(), &a.due, &a.unit).cmp(&(
            !b.overdue,
            &b.due.is_none(),
            &b.due,
            &b.unit,
        ))
    });
    Ok(Overview {
        units,
        areas,
        years: years
            .into_values()
            .filter(|y| year.is_none_or(|want| y.year <= want))
            .collect(),
        recommendations,
        orgs,
        all_years,
    })
}

/// What an overview export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OverviewExport {
    /// `xlsx`, `pdf` or `docx`.
    pub format: String,
    pub out: String,
    pub units: usize,
    pub sha256: String,
}

/// "Vård- och omsorgsförvaltningen, 2025"; "Alla förvaltningar, alla år".
fn scope(org: Option<&str>, year: Option<i32>) -> String {
    format!(
        "{}, {}",
        org.unwrap_or("Alla förvaltningar"),
        year.map_or("alla år".to_string(), |y| y.to_string())
    )
}

fn status_words(s: &str) -> String {
    match s {
        "ej_uppfoljd" => "Ej uppföljd".to_string(),
        s => crate::followup::status_label(s).to_string(),
    }
}

/// Writes the overview to `out` as XLSX, PDF or DOCX (by its extension), for the
/// verksamhetsberättelse. Refused when a text in it looks like a personnummer.
pub fn export(
    store: &Store,
    ctx: &crate::Context,
    org: Option<&str>,
    year: Option<i32>,
    out: &std::path::Path,
) -> Result<OverviewExport> {
    let format = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if !matches!(format.as_str(), "xlsx" | "pdf" | "docx") {
        return Err(crate::ServiceError::invalid_field(
            "Fil",
            format!(
                "Filen {} ska sluta på .xlsx, .pdf eller .docx: formatet väljs efter filnamnet",
                out.display()
            ),
        ));
    }
    crate::files::check_output(out, store.path())?;
    let now = ctx.clock.now();
    let o = overview(store, now.date_naive(), org, year)?;
    // The texts come from finalised reports, checked then; a personnummer is looked for
    // again, since an export leaves the program.
    for r in &o.recommendations {
        for t in [Some(&r.text), r.owner.as_ref()].into_iter().flatten() {
            if aktgranskning_core::privacy::contains_personnummer(t, now.date_naive()) {
                return Err(crate::ServiceError::invalid_field(
                    "Rekommendation",
                    format!(
                        "Rekommendation {} i granskning {} innehåller något som liknar ett personnummer: översikten skrevs inte",
                        r.id, r.audit
                    ),
                ));
            }
        }
    }
    let bytes = match format.as_str() {
        "xlsx" => xlsx(&o, &scope(org, year))?,
        _ => {
            let data = report_data(&o, &scope(org, year), now);
            let rendered = if format == "pdf" {
                aktgranskning_report::render_overview(&data).map(|r| r.bytes)
            } else {
                aktgranskning_report::render_overview_docx(&data)
            };
            rendered.map_err(|e| crate::ServiceError::internal(e.to_string()))?
        }
    };
    crate::files::write_output(out, &bytes, store.path())?;
    Ok(OverviewExport {
        format,
        out: out.display().to_string(),
        units: o.units.len(),
        sha256: aktgranskning_core::sampling::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
    })
}

fn report_data(
    o: &Overview,
    scope: &str,
    created: chrono::DateTime<chrono::Utc>,
) -> aktgranskning_report::overview::OverviewData {
    use aktgranskning_report::overview::*;
    let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default();
    let grades = |areas: &[AreaGrade]| -> Vec<Option<Grade>> {
        o.areas
            .iter()
            .map(|a| areas.iter().find(|g| &g.area == a).and_then(|g| g.grade))
            .collect()
    };
    OverviewData {
        scope: scope.to_string(),
        created,
        areas: o.areas.clone(),
        units: o
            .units
            .iter()
            .map(|u| OverviewUnit {
                unit: u.unit.clone(),
                org: u.org.clone(),
                diarienr: u.diarienr.clone(),
                date: date(&u.date),
                sample_size: u.sample_size,
                grades: grades(&u.areas),
                kvalitetsomraden: u
                    .kvalitetsomraden
                    .iter()
                    .map(|k| (k.id.clone(), k.gron, k.gron + k.gul + k.rod))
                    .collect(),
                series: u
                    .series
                    .iter()
                    .map(|a| {
                        let cells = o
                            .areas
                            .iter()
                            .zip(grades(&a.areas))
                            .map(|(area, g)| {
                                let v =
                                    a.verdicts.iter().find(|v| &v.area == area).and_then(
                                        |v| match v.verdict {
                                            Verdict::Forbattring => Some("förbättring"),
                                            Verdict::Forsamring => Some("försämring"),
                                            _ => None,
                                        },
                                    );
                                (g, v)
                            })
                            .collect();
                        (date(&a.date), a.diarienr.clone(), cells)
                    })
                    .collect(),
            })
            .collect(),
        years: o
            .years
            .iter()
            .map(|y| OverviewYear {
                org: y.org.clone(),
                year: y.year,
                units: y.units,
                gron: y.gron,
                gul: y.gul,
                rod: y.rod,
            })
            .collect(),
        recommendations: o
            .recommendations
            .iter()
            .map(|r| OverviewRecommendation {
                unit: r.unit.clone(),
                text: r.text.clone(),
                owner: r.owner.clone(),
                due: r.due.clone(),
                status: status_words(&r.status),
                overdue: r.overdue,
            })
            .collect(),
    }
}

/// The overview as a workbook: numbers as numbers, grades as words.
fn xlsx(o: &Overview, scope: &str) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| {
        crate::ServiceError::internal(format!("Kalkylbladet kunde inte skapas: {e}"))
    };
    let header = Format::new()
        .set_bold()
        .set_background_color("#E6EBF0")
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    let percent = Format::new().set_num_format("0%");
    let grade = |g: Option<Grade>| g.map_or("", |g| g.label());
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Översikt över granskade enheter: {scope}"))
            .set_comment("Skapad med Aktgranskning"),
    );
    let build = |wb: &mut Workbook| -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
        let heads = |ws: &mut rust_xlsxwriter::Worksheet, cols: &[(&str, f64)]| {
            for (c, (t, w)) in cols.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, *t, &header)?;
                ws.set_column_width(c as u16, *w)?;
            }
            ws.set_freeze_panes(1, 0)?;
            Ok::<_, rust_xlsxwriter::XlsxError>(())
        };
        let area_cols: Vec<(&str, f64)> = o.areas.iter().map(|a| (a.as_str(), 14.0)).collect();
        let grades_of = |areas: &[AreaGrade]| -> Vec<&'static str> {
            o.areas
                .iter()
                .map(|a| grade(areas.iter().find(|g| &g.area == a).and_then(|g| g.grade)))
                .collect()
        };

        let ws = wb.add_worksheet().set_name("Enheter")?;
        let mut cols = vec![
            ("Enhet", 26.0),
            ("Förvaltning", 26.0),
            ("Diarienummer", 16.0),
            ("Aktuella akter den", 12.0),
            ("Granskade akter", 10.0),
        ];
        cols.extend(area_cols.iter().copied());
        heads(ws, &cols)?;
        for (r, u) in o.units.iter().enumerate() {
            let row = r as u32 + 1;
            ws.write_string(row, 0, &u.unit)?;
            ws.write_string(row, 1, &u.org)?;
            ws.write_string(row, 2, &u.diarienr)?;
            ws.write_string(row, 3, &u.date)?;
            ws.write_number(row, 4, u.sample_size as f64)?;
            for (c, g) in grades_of(&u.areas).into_iter().enumerate() {
                ws.write_string(row, 5 + c as u16, g)?;
            }
        }

        let ws = wb.add_worksheet().set_name("Kvalitetsområden")?;
        heads(
            ws,
            &[
                ("Enhet", 26.0),
                ("Kvalitetsområde", 12.0),
                ("Namn", 30.0),
                ("Grön", 8.0),
                ("Gul", 8.0),
                ("Röd", 8.0),
            ],
        )?;
        let mut row = 1;
        for u in &o.units {
            for k in &u.kvalitetsomraden {
                ws.write_string(row, 0, &u.unit)?;
                ws.write_string(row, 1, &k.id)?;
                ws.write_string(row, 2, &k.name)?;
                ws.write_number(row, 3, f64::from(k.gron))?;
                ws.write_number(row, 4, f64::from(k.gul))?;
                ws.write_number(row, 5, f64::from(k.rod))?;
                row += 1;
            }
        }

        let ws = wb.add_worksheet().set_name("Över tid")?;
        heads(
            ws,
            &[
                ("Enhet", 26.0),
                ("Diarienummer", 16.0),
                ("Aktuella akter den", 12.0),
                ("Granskade akter", 10.0),
                ("Område", 28.0),
                ("Nivå", 8.0),
                ("Mot föregående", 22.0),
            ],
        )?;
        let mut row = 1;
        for u in &o.units {
            for a in &u.series {
                for g in &a.areas {
                    ws.write_string(row, 0, &u.unit)?;
                    ws.write_string(row, 1, &a.diarienr)?;
                    ws.write_string(row, 2, &a.date)?;
                    ws.write_number(row, 3, a.sample_size as f64)?;
                    ws.write_string(row, 4, &g.area)?;
                    ws.write_string(row, 5, grade(g.grade))?;
                    if let Some(v) = a.verdicts.iter().find(|v| v.area == g.area) {
                        ws.write_string(row, 6, v.verdict.label())?;
                    }
                    row += 1;
                }
            }
        }

        let ws = wb.add_worksheet().set_name("Per år")?;
        heads(
            ws,
            &[
                ("Förvaltning", 26.0),
                ("År", 8.0),
                ("Enheter", 9.0),
                ("Grön", 8.0),
                ("Gul", 8.0),
                ("Röd", 8.0),
                ("Andel Grön", 10.0),
                ("Andel Gul", 10.0),
                ("Andel Röd", 10.0),
            ],
        )?;
        for (r, y) in o.years.iter().enumerate() {
            let row = r as u32 + 1;
            ws.write_string(row, 0, &y.org)?;
            ws.write_number(row, 1, f64::from(y.year))?;
            ws.write_number(row, 2, f64::from(y.units))?;
            let all = f64::from(y.gron + y.gul + y.rod);
            for (c, x) in [y.gron, y.gul, y.rod].into_iter().enumerate() {
                ws.write_number(row, 3 + c as u16, f64::from(x))?;
                if all > 0.0 {
                    ws.write_number_with_format(row, 6 + c as u16, f64::from(x) / all, &percent)?;
                }
            }
        }

        let ws = wb.add_worksheet().set_name("Rekommendationer")?;
        heads(
            ws,
            &[
                ("Enhet", 26.0),
                ("Diarienummer", 16.0),
                ("Rekommendation", 60.0),
                ("Nämndens svar", 40.0),
                ("Ansvarig", 16.0),
                ("Klart senast", 12.0),
                ("Status", 14.0),
                ("Försenad", 9.0),
            ],
        )?;
        for (r, e) in o.recommendations.iter().enumerate() {
            let row = r as u32 + 1;
            ws.write_string(row, 0, &e.unit)?;
            ws.write_string(row, 1, &e.diarienr)?;
            ws.write_string(row, 2, &e.text)?;
            ws.write_string(row, 3, e.response.as_deref().unwrap_or(""))?;
            ws.write_string(row, 4, e.owner.as_deref().unwrap_or(""))?;
            ws.write_string(row, 5, e.due.as_deref().unwrap_or(""))?;
            ws.write_string(row, 6, status_words(&e.status))?;
            ws.write_string(row, 7, if e.overdue { "ja" } else { "" })?;
        }
        Ok(())
    };
    build(&mut wb).map_err(failed)?;
    wb.save_to_buffer().map_err(failed)
}
