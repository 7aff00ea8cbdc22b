//! The trend: a follow-up audit's results against the audit it follows, item by item and
//! area by area (`docs/statistics.md`). An item compares when it is the same item in the
//! same template version, or the item its template's next version says it compares
//! with (`Template::comparable_item`); the difference has Newcombe's hybrid score
//! interval from the two rates' own intervals, and is called a förbättring or försämring
//! only when that interval excludes 0.

use crate::audits::require;
use crate::review::{ResultsView, results};
use crate::{Result, ServiceError, Store};
use aktgranskning_core::results::{ItemResult, SMALL};
use aktgranskning_core::stats::{Interval, Rate, Verdict, newcombe_difference, wilson_fpc};
use aktgranskning_store::audits;
use serde::Serialize;

/// One side's rate: `x` of `n` reviewed files, with its 95 % interval (fractions 0–1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateView {
    pub x: u32,
    pub n: u32,
    pub rate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The comparison of one item (or area).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// `null` when the item is new or changed, or too few files to quote.
    pub previous: Option<RateView>,
    pub current: Option<RateView>,
    pub diff: Option<f64>,
    pub diff_ci_low: Option<f64>,
    pub diff_ci_high: Option<f64>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemTrend {
    pub item: String,
    pub text: String,
    #[serde(flatten)]
    pub comparison: Comparison,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaTrend {
    pub area: String,
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// The follow-up's trend against the audit it follows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendView {
    /// The audit compared with.
    pub previous: i64,
    pub items: Vec<ItemTrend>,
    pub areas: Vec<AreaTrend>,
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

/// The trend of audit `audit_id` against the audit it follows.
pub fn trend(store: &Store, audit_id: i64) -> Result<TrendView> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let previous = audits::follows(conn, audit_id)?.ok_or_else(|| {
        ServiceError::refused(format!(
            "Granskning {audit_id} följer ingen tidigare granskning: skapa den som en uppföljning (audit new … --follows ID) för att jämföra."
        ))
    })?;
    against(store, audit_id, previous, &results(store, audit_id)?)
}

/// The trend of audit `audit_id`, whose results are `cur`, against audit `previous`.
pub(crate) fn against(
    store: &Store,
    audit_id: i64,
    previous: i64,
    cur: &ResultsView,
) -> Result<TrendView> {
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
        items,
        areas,
    })
}
