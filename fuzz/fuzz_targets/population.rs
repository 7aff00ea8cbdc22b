#![no_main]
//! The population importer (CSV in every encoding and delimiter, XLSX, XLS, ODS): any
//! bytes either parse or are refused with located Swedish errors; nothing panics, aborts
//! or allocates without bound.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reference = chrono::NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
    if let Err(errors) = aktgranskning_import::parse_population(data, reference) {
        assert!(!errors.is_empty());
    }
    let _ = aktgranskning_import::preview(data, 5);
});
