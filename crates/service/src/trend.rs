//! The trend: a follow-up audit's results against the audit it follows, item by item and
//! area by area (`docs/statistics.md`). An item compares when it is the same item in the
//! same template version, or the item its template's next version says it compares
//! with (`Template::comparable_item`); the difference has Newcombe's hybrid score
//! interval from the two rates' own intervals, and is called a förbättring or försämring
//! only when that interval excludes 0. A follow-up of a follow-up has a series: every
//! earlier audit of the chain, each compared item by item with the current one; the
//! verdicts are against the last. The Sammanfattning's sentence on the comparison is
//! generated here and may be rewritten by the controller.

use crate::chapters::require_editable;
use crate::events::{self, Event};
use crate::lookup::require;
use crate::review::{ResultsView, results};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::results::{ItemResult, SMALL};
use aktgranskning_core::stats::{Interval, Rate, Verdict, newcombe_difference, wilson_fpc};
use aktgranskning_store::audits;
use aktgranskning_store::trend_summaries::{self, TrendSummary};
use serde::Serialize;
use ts_rs::TS;

/// One side's rate: `x` of `n` reviewed files, with its 95 % interval (fractions 0–1).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RateView {
    pub x: u32,
    pub n: u32,
    pub rate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The comparison of one item (or area).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Comparison {
    /// `null` when the item is new or changed, or too few files to quote.
    pub previous: Option<RateView>,
    pub current: Option<RateView>,
    pub diff: Option<f64>,
    pub diff_ci_low: Option<f64>,
    pub diff_ci_high: Option<f64>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ItemTrend {
    pub item: String,
    pub text: String,
    #[serde(flatten)]
    pub comparison: Comparison,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AreaTrend {
    pub area: String,
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// One audit's rate of an area in the series (`null` when not comparable or too few).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SeriesArea {
    pub area: String,
    pub rate: Option<RateView>,
}

/// One audit's rate of an item in the series.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SeriesItem {
    pub item: String,
    pub rate: Option<RateView>,
}

/// One audit of the unit's series, its rates as they compare with the current audit's.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SeriesPoint {
    pub audit: i64,
    pub diarienr: String,
    /// The audit's reference date (aktuella akter den …), `YYYY-MM-DD`.
    pub date: String,
    pub areas: Vec<SeriesArea>,
    pub items: Vec<SeriesItem>,
}

/// The Sammanfattning's sentence on the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrendSummaryView {
    /// As generated from the verdicts now.
    pub generated: String,
    /// As printed: the controller's sentence when rewritten, else the generated one.
    pub text: String,
    pub edited: bool,
    /// Rewritten, and the generated sentence has changed since (the numbers moved).
    pub stale: bool,
}

/// The follow-up's trend against the audit it follows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrendView {
    /// The audit compared with.
    pub previous: i64,
    /// The audit compared with, as a reader knows it: "VON 2023/14 (aktuella akter den
    /// 1 september 2023)".
    pub previous_label: String,
    pub items: Vec<ItemTrend>,
    pub areas: Vec<AreaTrend>,
    /// Every audit of the chain, the oldest first and this one last.
    pub series: Vec<SeriesPoint>,
    pub summary: TrendSummaryView,
}

/// A rate that may be quoted: `None` for a small number (fewer than `SMALL` files).
fn side(x: u32, n: u32, population: u32) -> Option<(RateView, Rate)> {
    if n < SMALL {
        return None;
    }
    let r = wilson_fpc(x, n, population)?;
    let (low, high) = r
        .interval
        .map_or((r.rate, r.rate), |i: Interval| (i.low, i.high));
    Some((
        RateView {
            x,
            n,
            rate: r.rate,
            ci_low: low,
            ci_high: high,
        },
        r,
    ))
}

fn compare(
    previous: Option<(RateView, Rate)>,
    current: Option<(RateView, Rate)>,
    comparable: bool,
) -> Comparison {
    match (previous, current) {
        (Some((pv, pr)), Some((cv, cr))) if comparable => {
            let d = newcombe_difference(pr, cr);
            Comparison {
                previous: Some(pv),
                current: Some(cv),
                diff: Some(d.diff),
                diff_ci_low: Some(d.low),
                diff_ci_high: Some(d.high),
                verdict: d.verdict(),
            }
        }
        (previous, current) => Comparison {
            previous: previous.filter(|_| comparable).map(|p| p.0),
            current: current.map(|c| c.0),
            diff: None,
            diff_ci_low: None,
            diff_ci_high: None,
            verdict: Verdict::EjJamforbar,
        },
    }
}

fn item_side(i: &ItemResult) -> Option<(RateView, Rate)> {
    side(i.ja, i.applicable, i.population_applicable)
}

/// The audits before `audit_id` in its chain of follow-ups, the nearest first.
pub(crate) fn earlier_audits(
    conn: &aktgranskning_store::Connection,
    audit_id: i64,
) -> Result<Vec<i64>> {
    let mut chain = Vec::new();
    let mut at = audit_id;
    while let Some(prev) = audits::follows(conn, at)? {
        if prev == audit_id || chain.contains(&prev) {
            break;
        }
        chain.push(prev);
        at = prev;
    }
    Ok(chain)
}

/// An audit as a reader knows it: its diarienummer and reference date.
pub(crate) fn audit_label(store: &Store, audit_id: i64) -> Result<String> {
    let a = require(store.conn(), audit_id)?;
    Ok(format!(
        "{} (aktuella akter den {})",
        a.diarienr,
        aktgranskning_report::content::swedish_date(a.reference_date)
    ))
}

/// The trend of audit `audit_id` against the audit it follows, with the series of every
/// earlier audit of the chain.
pub fn trend(store: &Store, audit_id: i64) -> Result<TrendView> {
    require(store.conn(), audit_id)?;
    of_results(store, audit_id, &results(store, audit_id)?)?.ok_or_else(|| {
        ServiceError::refused(format!(
            "Granskning {audit_id} följer ingen tidigare granskning: skapa den som en uppföljning av den tidigare granskningen för att jämföra."
        ))
    })
}

/// The trend of audit `audit_id`, whose results are `cur`; `None` when it follows no
/// earlier audit.
pub(crate) fn of_results(
    store: &Store,
    audit_id: i64,
    cur: &ResultsView,
) -> Result<Option<TrendView>> {
    let chain = earlier_audits(store.conn(), audit_id)?;
    let Some(&previous) = chain.first() else {
        return Ok(None);
    };
    let mut view = against(store, audit_id, previous, cur)?;
    let point = |audit: i64, t: &TrendView, earlier: bool| -> Result<SeriesPoint> {
        let a = require(store.conn(), audit)?;
        let side = |c: &Comparison| {
            if earlier {
                c.previous.clone()
            } else {
                c.current.clone()
            }
        };
        Ok(SeriesPoint {
            audit,
            diarienr: a.diarienr,
            date: a.reference_date.to_string(),
            areas: t
                .areas
                .iter()
                .map(|x| SeriesArea {
                    area: x.area.clone(),
                    rate: side(&x.comparison),
                })
                .collect(),
            items: t
                .items
                .iter()
                .map(|x| SeriesItem {
                    item: x.item.clone(),
                    rate: side(&x.comparison),
                })
                .collect(),
        })
    };
    let mut series = Vec::with_capacity(chain.len() + 1);
    for &earlier in chain.iter().rev() {
        if earlier == previous {
            series.push(point(earlier, &view, true)?);
        } else {
            series.push(point(
                earlier,
                &against(store, audit_id, earlier, cur)?,
                true,
            )?);
        }
    }
    series.push(point(audit_id, &view, false)?);
    view.series = series;
    view.previous_label = audit_label(store, previous)?;
    let generated = summary_sentence(&view);
    let stored = trend_summaries::get(store.conn(), audit_id)?;
    view.summary = TrendSummaryView {
        stale: stored.as_ref().is_some_and(|s| s.generated != generated),
        edited: stored.is_some(),
        text: stored.map_or_else(|| generated.clone(), |s| s.text),
        generated,
    };
    Ok(Some(view))
}

/// "1 område", "3 områden", "inget område".
fn areas_text(n: usize) -> String {
    match n {
        0 => "inget område".to_string(),
        1 => "1 område".to_string(),
        n => format!("{n} områden"),
    }
}

/// The generated sentence on the comparison, a clause per verdict: "Jämfört med
/// granskningen X har 3 områden förbättrats och inget område försämrats; 2 områden visar
/// ingen säker förändring och 1 område kan inte jämföras."
pub fn summary_sentence(t: &TrendView) -> String {
    let of = |v: Verdict| t.areas.iter().filter(|a| a.comparison.verdict == v).count();
    let mut s = format!(
        "Jämfört med granskningen {} har {} förbättrats och {} försämrats",
        t.previous_label,
        areas_text(of(Verdict::Forbattring)),
        areas_text(of(Verdict::Forsamring)),
    );
    let rest: Vec<String> = [
        (of(Verdict::IngenSaker), "visar ingen säker förändring"),
        (of(Verdict::EjJamforbar), "kan inte jämföras"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{} {what}", areas_text(n)))
    .collect();
    if !rest.is_empty() {
        s.push_str("; ");
        s.push_str(&rest.join(" och "));
    }
    s.push('.');
    s
}

/// Rewrites the Sammanfattning's comparison sentence (`None` or empty: back to the
/// generated one). Kept in the history with the earlier sentence.
pub fn set_summary(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    text: Option<&str>,
) -> Result<TrendSummaryView> {
    require_editable(store, audit_id)?;
    let view = trend(store, audit_id)?;
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = text {
        crate::guard::check_text(
            ctx,
            "Meningen i sammanfattningen",
            t,
            crate::guard::MAX_COMMENT,
        )?;
    }
    let old = view.summary.edited.then_some(view.summary.text.clone());
    if old.as_deref() == text {
        return Ok(view.summary);
    }
    let now = ctx.now_text();
    store.write(|tx| {
        match text {
            Some(t) => trend_summaries::upsert(
                tx,
                audit_id,
                &TrendSummary {
                    text: t.to_string(),
                    generated: view.summary.generated.clone(),
                    updated_at: now.clone(),
                    updated_by: ctx.user.clone(),
                },
            )?,
            None => trend_summaries::delete(tx, audit_id)?,
        }
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::TrendSummarySet(events::TrendSummarySet {
                old: old.clone(),
                new: text.map(str::to_string),
                generated: view.summary.generated.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(TrendSummaryView {
        text: text.map_or_else(|| view.summary.generated.clone(), str::to_string),
        edited: text.is_some(),
        stale: false,
        generated: view.summary.generated,
    })
}

/// The trend of audit `audit_id`, whose results are `cur`, against audit `previous`
/// (without the series and the summary, which [`of_results`] adds).
fn against(store: &Store, audit_id: i64, previous: i64, cur: &ResultsView) -> Result<TrendView> {
    let conn = store.conn();
    let (cur_t, prev_t) = (
        crate::templates::for_audit(conn, audit_id)?,
        crate::templates::for_audit(conn, previous)?,
    );
    let prev = results(store, previous)?;
    let prev_result = |id: &str| prev.items.iter().map(|i| &i.result).find(|i| i.id == id);
    // The earlier item each current item compares with, if any.
    let matched: Vec<(&ItemResult, Option<&ItemResult>)> = cur
        .items
        .iter()
        .map(|i| {
            let earlier = cur_t
                .comparable_item(&prev_t, &i.result.id)
                .and_then(|e| prev_result(&e.id));
            (&i.result, earlier)
        })
        .collect();
    let items = matched
        .iter()
        .map(|(c, p)| ItemTrend {
            item: c.id.clone(),
            text: c.text.clone(),
            comparison: compare(p.and_then(item_side), item_side(c), p.is_some()),
        })
        .collect();
    // An area compares when every one of its items does; its rate is pooled over them.
    let mut areas: Vec<AreaTrend> = Vec::new();
    for area in cur.areas.iter().map(|a| a.key.clone()) {
        let of_area: Vec<&(&ItemResult, Option<&ItemResult>)> =
            matched.iter().filter(|(c, _)| c.area == area).collect();
        let comparable = of_area.iter().all(|(_, p)| p.is_some());
        // Pooled over the area's items, the earlier audit's or the current one's.
        let pooled = |earlier: bool| {
            let (mut x, mut n, mut big_n) = (0, 0, 0);
            for (c, p) in &of_area {
                if let Some(i) = if earlier { *p } else { Some(*c) } {
                    x += i.ja;
                    n += i.applicable;
                    big_n += i.population_applicable;
                }
            }
            side(x, n, big_n)
        };
        areas.push(AreaTrend {
            comparison: compare(
                comparable.then(|| pooled(true)).flatten(),
                pooled(false),
                comparable,
            ),
            area,
        });
    }
    Ok(TrendView {
        previous,
        previous_label: String::new(),
        items,
        areas,
        series: Vec::new(),
        summary: TrendSummaryView {
            generated: String::new(),
            text: String::new(),
            edited: false,
            stale: false,
        },
    })
}
