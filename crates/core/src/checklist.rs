//! The checklist: templates as data, answers, applicability rules and grades (`docs/domain.md`).
//!
//! A template is a versioned list of items with stable ids (used in exports), Swedish
//! texts, legal basis, kvalitetsområde, critical marks and an applicability rule, plus
//! the thresholds of the suggested grades. The standard template (standardmall) version 1
//! ships with the product as `templates/standardmall-v1.json`; an audit keeps the exact
//! template version it was created with.

use crate::stats::Interval;
use crate::{DecisionKind, Lagrum};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The file format name of an exported template.
pub const TEMPLATE_FORMAT: &str = "aktgranskning-mall-1";

/// The answer to one item for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Answer {
    Ja,
    Delvis,
    Nej,
    EjAktuellt,
}

impl Answer {
    /// Parses `ja`, `delvis`, `nej`, `ej aktuellt` (also `ej-aktuellt`, `ej_aktuellt`,
    /// `e/a`), case-insensitively.
    pub fn parse(s: &str) -> Option<Answer> {
        let v = s.trim().to_lowercase().replace(['-', '_'], " ");
        match v.split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
            "ja" => Some(Answer::Ja),
            "delvis" => Some(Answer::Delvis),
            "nej" => Some(Answer::Nej),
            "ej aktuellt" | "e/a" | "ea" => Some(Answer::EjAktuellt),
            _ => None,
        }
    }

    /// The stored name: `ja`, `delvis`, `nej`, `ej_aktuellt`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Ja => "ja",
            Answer::Delvis => "delvis",
            Answer::Nej => "nej",
            Answer::EjAktuellt => "ej_aktuellt",
        }
    }

    /// The Swedish label: Ja, Delvis, Nej, Ej aktuellt.
    pub fn label(self) -> &'static str {
        match self {
            Answer::Ja => "Ja",
            Answer::Delvis => "Delvis",
            Answer::Nej => "Nej",
            Answer::EjAktuellt => "Ej aktuellt",
        }
    }
}

/// Öppna jämförelser's quality areas (kvalitetsområden).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Kvalitetsomrade {
    KB,
    SI,
    HS,
    TS,
    TG,
    EF,
}

impl Kvalitetsomrade {
    /// The short code, `KB`, `SI` …
    pub fn code(self) -> &'static str {
        match self {
            Kvalitetsomrade::KB => "KB",
            Kvalitetsomrade::SI => "SI",
            Kvalitetsomrade::HS => "HS",
            Kvalitetsomrade::TS => "TS",
            Kvalitetsomrade::TG => "TG",
            Kvalitetsomrade::EF => "EF",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kvalitetsomrade::KB => "Kunskapsbaserad verksamhet",
            Kvalitetsomrade::SI => "Självbestämmande och integritet",
            Kvalitetsomrade::HS => "Helhetssyn och samordning",
            Kvalitetsomrade::TS => "Trygghet och säkerhet",
            Kvalitetsomrade::TG => "Tillgänglighet",
            Kvalitetsomrade::EF => "Effektivitet",
        }
    }
}

/// Which files an item applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AppliesTo {
    /// Every file (the controller may still answer Ej aktuellt).
    Alla,
    /// Persons under 18 on the reference date; for adults Ej aktuellt by default, which
    /// the controller can override (children in the household).
    Barn,
    /// Decisions of kind Avslag or Delavslag, when the decision kind is known.
    Avslag,
    /// LSS cases only.
    Lss,
    /// Granted (gynnande) decisions: Bifall or Delavslag; applies when the decision kind
    /// is not known.
    Beviljade,
}

/// What is known about a file that decides applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub is_child: bool,
    pub lagrum: Lagrum,
    pub decision_kind: Option<DecisionKind>,
}

/// The applicability of an item to a file, before the controller answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    Applies,
    /// Not applicable: the answer defaults to Ej aktuellt. `overridable` when the
    /// controller may still answer it (the barn items for adults).
    NotApplicable {
        overridable: bool,
    },
}

impl AppliesTo {
    pub fn applicability(self, f: &CaseFacts) -> Applicability {
        let applies = match self {
            AppliesTo::Alla => true,
            AppliesTo::Barn => f.is_child,
            AppliesTo::Avslag => !matches!(f.decision_kind, Some(DecisionKind::Bifall)),
            AppliesTo::Lss => f.lagrum == Lagrum::Lss,
            AppliesTo::Beviljade => !matches!(f.decision_kind, Some(DecisionKind::Avslag)),
        };
        if applies {
            Applicability::Applies
        } else {
            Applicability::NotApplicable {
                overridable: self == AppliesTo::Barn,
            }
        }
    }
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Item {
    /// Stable id, e.g. `samtycke.journal`; used in exports and answer files.
    pub id: String,
    /// The area (avsnitt) the item is grouped under.
    pub area: String,
    /// For IBIC items: the livsområde.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub livsomrade: Option<String>,
    /// The Swedish text shown to users.
    pub text: String,
    /// Legal basis (lagstöd): laws and binding regulations (föreskrifter). Empty for an
    /// item that rests on method or local policy alone.
    pub basis: String,
    /// Method support or local policy (metodstöd, allmänna råd, riktlinje) the item rests
    /// on besides or instead of the law, kept apart from `basis` so that no one takes a
    /// method for a legal requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub metodstod: Option<String>,
    pub kvalitetsomrade: Kvalitetsomrade,
    /// A critical item (★).
    #[serde(default)]
    pub critical: bool,
    pub applies_to: AppliesTo,
    /// The template's note on the item (why it is worded or marked as it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub notes: Option<String>,
    /// The id of the item of the template's previous version whose results this item's
    /// can be compared with (same rule and applicability). `None`: new or changed, not
    /// comparable across versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub comparable_with: Option<String>,
}

/// Grade thresholds in basis points of the compliance rate: Grön at or above `gron_bp`,
/// Gul at or above `gul_bp`, Röd below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Thresholds {
    pub gron_bp: u32,
    pub gul_bp: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            gron_bp: 9000,
            gul_bp: 7500,
        }
    }
}

/// A graded level (kvalitetsnivå).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Grade {
    Gron,
    Gul,
    Rod,
}

impl Grade {
    pub fn parse(s: &str) -> Option<Grade> {
        match s.trim().to_lowercase().as_str() {
            "gron" | "grön" => Some(Grade::Gron),
            "gul" => Some(Grade::Gul),
            "rod" | "röd" => Some(Grade::Rod),
            _ => None,
        }
    }

    /// `gron`, `gul`, `rod`.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Gron => "gron",
            Grade::Gul => "gul",
            Grade::Rod => "rod",
        }
    }

    /// Grön, Gul, Röd.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Gron => "Grön",
            Grade::Gul => "Gul",
            Grade::Rod => "Röd",
        }
    }

    /// The legend printed in the report (as in the model audit report, `docs/domain.md`).
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::Gron => "Goda exempel som med fördel kan spridas till andra enheter.",
            Grade::Gul => "Enheten har områden som behöver utvecklas.",
            Grade::Rod => "Enheten uppvisar brister som måste åtgärdas.",
        }
    }
}

impl Thresholds {
    /// The suggested grade of `ja` out of `applicable`, compared exactly in integers.
    pub fn suggest(&self, ja: u32, applicable: u32) -> Option<Grade> {
        if applicable == 0 {
            return None;
        }
        let scaled = u64::from(ja) * 10_000;
        let at_least = |bp: u32| scaled >= u64::from(bp) * u64::from(applicable);
        Some(if at_least(self.gron_bp) {
            Grade::Gron
        } else if at_least(self.gul_bp) {
            Grade::Gul
        } else {
            Grade::Rod
        })
    }

    fn grade_of_fraction(&self, x: f64) -> Grade {
        if x * 10_000.0 >= f64::from(self.gron_bp) {
            Grade::Gron
        } else if x * 10_000.0 >= f64::from(self.gul_bp) {
            Grade::Gul
        } else {
            Grade::Rod
        }
    }

    /// True when the interval crosses a threshold: its ends would get different grades.
    pub fn uncertain(&self, interval: Option<Interval>) -> bool {
        interval.is_some_and(|i| self.grade_of_fraction(i.low) != self.grade_of_fraction(i.high))
    }
}

/// A checklist template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Template {
    pub format: String,
    /// The template's id, shared by its versions.
    pub id: String,
    pub version: u32,
    pub name: String,
    pub thresholds: Thresholds,
    pub items: Vec<Item>,
}

/// Why a template file is not acceptable. Swedish, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("Mallfilen kunde inte läsas: {0}")]
    Json(String),
    #[error("Mallfilen har okänt format ”{0}” (väntat {TEMPLATE_FORMAT})")]
    Format(String),
    #[error("Mallen saknar frågor")]
    NoItems,
    #[error("Frågan {0} förekommer mer än en gång i mallen")]
    DuplicateId(String),
    #[error("Fråga {0} saknar {1}")]
    Incomplete(usize, &'static str),
    #[error(
        "Fråga {0}: ogiltigt id ”{1}”: använd små bokstäver a–z, siffror, punkt och understreck"
    )]
    BadId(usize, String),
    #[error(
        "Gränsvärdena är ogiltiga: gränsen för Gul får inte vara högre än gränsen för Grön, och båda ska vara högst 100 %"
    )]
    Thresholds,
    #[error("Mallfilen är för stor ({0} kB, högst {max} kB)", max = TEMPLATE_MAX_BYTES / 1024)]
    TooLarge(usize),
    #[error("Mallen har {0} frågor, högst {TEMPLATE_MAX_ITEMS} är tillåtna")]
    TooManyItems(usize),
    /// Item 0 is the template itself.
    #[error("{place}{what} har för många tecken ({n}, högst {max})", place = item_place(*.0), what = .1, n = .2, max = .3)]
    TooLong(usize, &'static str, usize, usize),
}

fn item_place(item: usize) -> String {
    if item == 0 {
        String::new()
    } else {
        format!("Fråga {item}: ")
    }
}

/// Largest template file (bytes).
pub const TEMPLATE_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most items in a template.
pub const TEMPLATE_MAX_ITEMS: usize = 500;

/// A JSON error from serde in Swedish, with its line and column.
fn json_error_in_swedish(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let raw = e.to_string();
    // serde names the field or value between backticks; keep that name, not its English.
    let quoted = raw.split('`').nth(1).unwrap_or("").to_string();
    let what = match e.classify() {
        Category::Eof => "filen tar slut mitt i JSON-texten (den verkar avklippt)".to_string(),
        Category::Syntax => "filen är inte giltig JSON".to_string(),
        Category::Io => "filen kunde inte läsas".to_string(),
        Category::Data if raw.starts_with("missing field") => {
            format!("fältet ”{quoted}” saknas")
        }
        Category::Data if raw.starts_with("unknown field") => format!("okänt fält ”{quoted}”"),
        Category::Data if raw.starts_with("unknown variant") => {
            format!("okänt värde ”{quoted}”")
        }
        Category::Data if raw.starts_with("invalid type") => {
            "ett värde har fel typ (till exempel text där ett tal väntas)".to_string()
        }
        Category::Data if raw.starts_with("duplicate field") => {
            format!("fältet ”{quoted}” förekommer två gånger")
        }
        Category::Data => "ett värde är ogiltigt".to_string(),
    };
    format!("rad {}, kolumn {}: {what}", e.line(), e.column())
}

/// True for an id of an item or a template: lower-case a–z, digits, `.` and `_`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
}

impl Template {
    /// The standard template (standardmall) new audits use: version 2, with each item's
    /// lagstöd and metodstöd apart (`docs/standardmall-v2.md`).
    pub fn standard() -> Template {
        Template::from_json(include_str!("../templates/standardmall-v2.json"))
            .expect("the shipped standard template is valid")
    }

    /// Version 1 of the standard template, kept unchanged for the audits that use it.
    pub fn standard_v1() -> Template {
        Template::from_json(include_str!("../templates/standardmall-v1.json"))
            .expect("the shipped standard template is valid")
    }

    /// Every shipped version of the standard template, oldest first.
    pub fn shipped() -> Vec<Template> {
        vec![Template::standard_v1(), Template::standard()]
    }

    /// Reads and validates a template file.
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        if text.len() > TEMPLATE_MAX_BYTES {
            return Err(TemplateError::TooLarge(text.len() / 1024));
        }
        let t: Template = serde_json::from_str(text)
            .map_err(|e| TemplateError::Json(json_error_in_swedish(&e)))?;
        t.validate()?;
        Ok(t)
    }

    pub fn validate(&self) -> Result<(), TemplateError> {
        if self.format != TEMPLATE_FORMAT {
            return Err(TemplateError::Format(self.format.clone()));
        }
        if self.items.is_empty() {
            return Err(TemplateError::NoItems);
        }
        if self.items.len() > TEMPLATE_MAX_ITEMS {
            return Err(TemplateError::TooManyItems(self.items.len()));
        }
        for (value, field, max) in [
            (&self.id, "mallens id", 100),
            (&self.name, "mallens namn", 200),
        ] {
            let n = value.chars().count();
            if n > max {
                return Err(TemplateError::TooLong(0, field, n, max));
            }
        }
        let t = self.thresholds;
        if t.gul_bp > t.gron_bp || t.gron_bp > 10_000 {
            return Err(TemplateError::Thresholds);
        }
        let mut seen = HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            for (value, field) in [
                (&item.id, "id"),
                (&item.area, "avsnitt"),
                (&item.text, "text"),
            ] {
                if value.trim().is_empty() {
                    return Err(TemplateError::Incomplete(i + 1, field));
                }
            }
            for (value, field, max) in [
                (item.id.as_str(), "id", 100),
                (item.area.as_str(), "avsnittet", 200),
                (item.text.as_str(), "texten", 2_000),
                (item.basis.as_str(), "lagstödet", 2_000),
                (
                    item.metodstod.as_deref().unwrap_or(""),
                    "metodstödet",
                    2_000,
                ),
                (item.notes.as_deref().unwrap_or(""), "kommentaren", 2_000),
            ] {
                let n = value.chars().count();
                if n > max {
                    return Err(TemplateError::TooLong(i + 1, field, n, max));
                }
            }
            if !is_valid_id(&item.id) {
                return Err(TemplateError::BadId(i + 1, item.id.clone()));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(TemplateError::DuplicateId(item.id.clone()));
            }
        }
        Ok(())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Whether this version states, item by item, which items compare with its previous
    /// version (`comparable_with`). A version without any such mark (version 1, and
    /// versions saved before the field existed) says nothing either way.
    pub fn declares_comparability(&self) -> bool {
        self.version > 1 && self.items.iter().any(|i| i.comparable_with.is_some())
    }

    /// Whether the item's results compare with those of the template's previous version:
    /// `Some(false)` for an item new or changed in this version, `None` where the
    /// template does not say (`declares_comparability`).
    pub fn comparable_with_previous(&self, item: &Item) -> Option<bool> {
        self.declares_comparability()
            .then_some(item.comparable_with.is_some())
    }

    /// The item of `earlier` whose results compare with this template's item `id`
    /// (follow-up and trend): the same item in the same version; in the next version of
    /// the same template, the item `comparable_with` names; otherwise none (results of
    /// versions further apart, or of different templates, are not compared item by item).
    pub fn comparable_item<'a>(&self, earlier: &'a Template, id: &str) -> Option<&'a Item> {
        let item = self.item(id)?;
        if earlier.id != self.id {
            return None;
        }
        if earlier.version == self.version {
            return earlier.item(id);
        }
        if earlier.version + 1 == self.version {
            return item
                .comparable_with
                .as_deref()
                .and_then(|prev| earlier.item(prev));
        }
        None
    }

    /// Sets each item's `comparable_with` against `previous`, the version this one was
    /// edited from: an item whose id, text and applicability are unchanged compares with
    /// it; anything else is new or changed. Without a previous version (a new template or
    /// a copy under a new id) no item compares.
    pub fn mark_comparability(&mut self, previous: Option<&Template>) {
        for item in &mut self.items {
            item.comparable_with = previous
                .and_then(|p| p.item(&item.id))
                .filter(|old| old.text == item.text && old.applies_to == item.applies_to)
                .map(|old| old.id.clone());
        }
    }

    /// The template as a file to share (pretty JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_of_the_standard_template_is_exactly_the_domains() {
        let t = Template::standard_v1();
        assert_eq!(
            (t.id.as_str(), t.version, t.name.as_str()),
            ("standardmall", 1, "Standardmall")
        );
        assert_eq!(t.items.len(), 32);
        assert_eq!(t.thresholds, Thresholds::default());
        let critical: Vec<&str> = t
            .items
            .iter()
            .filter(|i| i.critical)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(
            critical,
            [
                "samtycke.inhamtat",
                "samtycke.journal",
                "barn.basta",
                "barn.installning",
                "gp.inkommen",
                "gp.mottagen"
            ]
        );
        let j = t.item("samtycke.journal").unwrap();
        assert_eq!(j.text, "Inhämtat samtycke är dokumenterat i journalen.");
        assert_eq!(j.kvalitetsomrade, Kvalitetsomrade::SI);
        assert_eq!(t.item("barn.basta").unwrap().applies_to, AppliesTo::Barn);
        assert_eq!(
            t.item("beslut.overklagande").unwrap().applies_to,
            AppliesTo::Avslag
        );
        assert_eq!(
            t.item("lss.individuell_plan").unwrap().applies_to,
            AppliesTo::Lss
        );
        let ibic: Vec<&Item> = t
            .items
            .iter()
            .filter(|i| i.area == "IBIC livsområden")
            .collect();
        assert_eq!(ibic.len(), 9);
        assert_eq!(ibic[2].id, "ibic.d3");
        assert_eq!(ibic[2].livsomrade.as_deref(), Some("Kommunikation"));
        assert!(
            ibic.iter()
                .all(|i| i.kvalitetsomrade == Kvalitetsomrade::KB)
        );
        // Round trip through the shared file format.
        assert_eq!(Template::from_json(&t.to_json()).unwrap(), t);
    }

    /// Version 2 item by item: id, applicability, critical mark and whether its results
    /// compare with version 1. A change here is a change of the template's meaning, made
    /// on purpose (and then as a new version, never to version 2 itself).
    #[test]
    fn version_2_of_the_standard_template_is_pinned() {
        use AppliesTo::*;
        let t = Template::standard();
        assert_eq!((t.id.as_str(), t.version), ("standardmall", 2));
        assert_eq!(t.thresholds, Thresholds::default());
        let pinned: Vec<(&str, AppliesTo, bool, bool)> = t
            .items
            .iter()
            .map(|i| {
                (
                    i.id.as_str(),
                    i.applies_to,
                    i.critical,
                    i.comparable_with.is_some(),
                )
            })
            .collect();
        let mut expected = vec![
            ("ansokan.uppgifter", Alla, false, false),
            ("ansokan.behorighet", Alla, false, false),
            ("ansokan.muntligen", Alla, false, false),
            ("samtycke.inhamtat", Alla, true, false),
            ("samtycke.journal", Alla, true, false),
            ("utredning.ibic", Alla, false, true),
            ("utredning.egen_uppfattning", Alla, false, true),
            ("utredning.kommunicering", Alla, false, true),
            ("utredning.fakta", Alla, false, false),
            ("utredning.vald", Alla, false, true),
            ("utredning.tid", Alla, false, true),
            ("kommunikation.tolk", Alla, false, false),
            ("barn.basta", Barn, true, true),
            ("barn.information", Barn, false, true),
            ("barn.installning", Barn, true, true),
            ("beslut.innehall", Alla, false, false),
            ("beslut.motivering", Alla, false, true),
            ("beslut.underrattelse", Alla, false, false),
            ("uppdrag.utforare", Beviljade, false, true),
            ("gp.inkommen", Beviljade, false, true),
            ("gp.mottagen", Beviljade, false, true),
            ("lss.individuell_plan", Lss, false, true),
            ("lss.individuell_plan_oversyn", Lss, false, false),
            ("sip.behov", Alla, false, true),
            ("journal.lopande", Alla, false, false),
            ("journal.information", Alla, false, false),
            ("uppfoljning.riktlinje", Beviljade, false, true),
            ("verkstallighet.datum", Beviljade, false, false),
            ("verkstallighet.rapporterad", Beviljade, false, false),
        ];
        for k in 1..=9 {
            expected.push((
                [
                    "ibic.d1", "ibic.d2", "ibic.d3", "ibic.d4", "ibic.d5", "ibic.d6", "ibic.d7",
                    "ibic.d8", "ibic.d9",
                ][k - 1],
                Alla,
                false,
                true,
            ));
        }
        assert_eq!(pinned, expected);
        let v1 = Template::standard_v1();
        for i in &t.items {
            // A comparable item names an item of version 1 with the same text and rule.
            if let Some(prev) = &i.comparable_with {
                let old = v1
                    .item(prev)
                    .expect("comparable_with names a version 1 item");
                assert_eq!(old.text, i.text, "{}", i.id);
                assert!(
                    old.applies_to == i.applies_to || i.applies_to == Beviljade,
                    "{}",
                    i.id
                );
            }
            // Every item rests on law, on method or policy, or both, and says which.
            assert!(
                !i.basis.is_empty() || i.metodstod.is_some(),
                "{} has neither lagstöd nor metodstöd",
                i.id
            );
            // Method and local policy are not cited as law.
            for word in ["IBIC", "riktlinje", "allmänna råd"] {
                assert!(!i.basis.contains(word), "{}: {word} in lagstöd", i.id);
            }
        }
        // The rule version 1 stated wrongly is gone: three months is when a decision not
        // carried out must be reported, not a deadline.
        assert!(t.item("verkstallighet.tre_manader").is_none());
        assert!(t.item("beslut.overklagande").is_none());
        assert!(
            t.item("verkstallighet.rapporterad")
                .unwrap()
                .notes
                .as_deref()
                .unwrap()
                .contains("inte en frist")
        );
        assert_eq!(Template::from_json(&t.to_json()).unwrap(), t);
        // Version 1 reads and writes exactly as before (no new fields appear in it).
        assert!(!v1.to_json().contains("metodstod"));
    }

    #[test]
    fn comparability_between_versions() {
        let v1 = Template::standard_v1();
        let v2 = Template::standard();
        assert!(!v1.declares_comparability());
        assert!(v2.declares_comparability());
        // Unchanged item: compares with its version 1 namesake.
        assert_eq!(
            v2.comparable_item(&v1, "barn.basta").map(|i| i.id.as_str()),
            Some("barn.basta")
        );
        assert_eq!(
            v2.comparable_with_previous(v2.item("barn.basta").unwrap()),
            Some(true)
        );
        // Reworded (the legal ground besides consent): same id, not comparable.
        assert!(v1.item("samtycke.inhamtat").is_some());
        assert!(v2.comparable_item(&v1, "samtycke.inhamtat").is_none());
        assert_eq!(
            v2.comparable_with_previous(v2.item("samtycke.inhamtat").unwrap()),
            Some(false)
        );
        // New item.
        assert!(v2.comparable_item(&v1, "kommunikation.tolk").is_none());
        // Version 1 says nothing either way.
        assert_eq!(v1.comparable_with_previous(&v1.items[0]), None);
        // The same version compares item by item; versions further apart or other
        // templates do not.
        assert!(v2.comparable_item(&v2, "samtycke.inhamtat").is_some());
        let mut v4 = v2.clone();
        v4.version = 4;
        assert!(v4.comparable_item(&v1, "barn.basta").is_none());
        let mut other = v1.clone();
        other.id = "egen".into();
        assert!(v2.comparable_item(&other, "barn.basta").is_none());
        // Marking an edited version against the one it was edited from.
        let mut v3 = v2.clone();
        v3.version = 3;
        v3.items[0].text.push_str(" (ändrad)");
        v3.items.retain(|i| i.id != "kommunikation.tolk");
        v3.mark_comparability(Some(&v2));
        assert_eq!(v3.items[0].comparable_with, None);
        assert!(
            v3.items[1..]
                .iter()
                .all(|i| i.comparable_with.as_deref() == Some(i.id.as_str()))
        );
        assert!(v3.comparable_item(&v2, "barn.basta").is_some());
        let mut copy = v2.clone();
        copy.mark_comparability(None);
        assert!(copy.items.iter().all(|i| i.comparable_with.is_none()));
    }

    #[test]
    fn invalid_templates_are_refused_in_swedish() {
        let mut t = Template::standard_v1();
        t.items[1].id = t.items[0].id.clone();
        assert_eq!(
            t.validate(),
            Err(TemplateError::DuplicateId("ansokan.uppgifter".into()))
        );
        let mut t = Template::standard_v1();
        t.thresholds.gul_bp = 9500;
        assert_eq!(t.validate(), Err(TemplateError::Thresholds));
        let mut t = Template::standard_v1();
        t.items[0].id = "Ansökan".into();
        assert_eq!(t.validate(), Err(TemplateError::BadId(1, "Ansökan".into())));
        assert_eq!(
            TemplateError::BadId(1, "Ansökan".into()).to_string(),
            "Fråga 1: ogiltigt id ”Ansökan”: använd små bokstäver a–z, siffror, punkt och understreck"
        );
        let mut t = Template::standard_v1();
        t.items[4].text = "  ".into();
        assert_eq!(t.validate(), Err(TemplateError::Incomplete(5, "text")));
        assert_eq!(
            TemplateError::Incomplete(5, "text").to_string(),
            "Fråga 5 saknar text"
        );
        assert!(matches!(
            Template::from_json("{"),
            Err(TemplateError::Json(_))
        ));
    }

    #[test]
    fn answers_parse_case_insensitively() {
        assert_eq!(Answer::parse("JA"), Some(Answer::Ja));
        assert_eq!(Answer::parse("Delvis"), Some(Answer::Delvis));
        assert_eq!(Answer::parse(" nej "), Some(Answer::Nej));
        assert_eq!(Answer::parse("Ej aktuellt"), Some(Answer::EjAktuellt));
        assert_eq!(Answer::parse("ej-aktuellt"), Some(Answer::EjAktuellt));
        assert_eq!(Answer::parse("EJ  AKTUELLT"), Some(Answer::EjAktuellt));
        assert_eq!(Answer::parse("kanske"), None);
    }

    #[test]
    fn applicability_rules() {
        let adult_lss = CaseFacts {
            is_child: false,
            lagrum: Lagrum::Lss,
            decision_kind: Some(DecisionKind::Bifall),
        };
        let child_sol = CaseFacts {
            is_child: true,
            lagrum: Lagrum::Sol,
            decision_kind: Some(DecisionKind::Avslag),
        };
        let unknown = CaseFacts {
            is_child: false,
            lagrum: Lagrum::Sol,
            decision_kind: None,
        };
        use Applicability::*;
        assert_eq!(AppliesTo::Barn.applicability(&child_sol), Applies);
        assert_eq!(
            AppliesTo::Barn.applicability(&adult_lss),
            NotApplicable { overridable: true }
        );
        assert_eq!(AppliesTo::Avslag.applicability(&child_sol), Applies);
        assert_eq!(
            AppliesTo::Avslag.applicability(&adult_lss),
            NotApplicable { overridable: false }
        );
        assert_eq!(AppliesTo::Avslag.applicability(&unknown), Applies);
        assert_eq!(AppliesTo::Lss.applicability(&adult_lss), Applies);
        assert_eq!(
            AppliesTo::Lss.applicability(&child_sol),
            NotApplicable { overridable: false }
        );
        assert_eq!(AppliesTo::Alla.applicability(&unknown), Applies);
        // Granted decisions: Bifall and Delavslag (and an unknown kind); not Avslag.
        assert_eq!(AppliesTo::Beviljade.applicability(&adult_lss), Applies);
        assert_eq!(AppliesTo::Beviljade.applicability(&unknown), Applies);
        assert_eq!(
            AppliesTo::Beviljade.applicability(&child_sol),
            NotApplicable { overridable: false }
        );
        let partly = CaseFacts {
            decision_kind: Some(DecisionKind::Delavslag),
            ..unknown
        };
        assert_eq!(AppliesTo::Beviljade.applicability(&partly), Applies);
        assert_eq!(AppliesTo::Avslag.applicability(&partly), Applies);
    }

    #[test]
    fn suggested_grades_and_uncertainty() {
        let t = Thresholds::default();
        assert_eq!(t.suggest(9, 10), Some(Grade::Gron)); // exactly 90 %
        assert_eq!(t.suggest(149, 166), Some(Grade::Gul)); // 89.8 %
        assert_eq!(t.suggest(3, 4), Some(Grade::Gul)); // exactly 75 %
        assert_eq!(t.suggest(140, 190), Some(Grade::Rod));
        assert_eq!(t.suggest(0, 0), None);
        let i = |low, high| Some(Interval { low, high });
        assert!(!t.uncertain(i(0.797, 0.889)));
        assert!(t.uncertain(i(0.85, 0.93)));
        assert!(t.uncertain(i(0.70, 0.80)));
        assert!(!t.uncertain(None));
        assert_eq!(Grade::parse("Röd"), Some(Grade::Rod));
        assert_eq!(Grade::Gron.label(), "Grön");
    }
}
