#![no_main]
//! Template import: any text is imported as a new version or refused with a Swedish
//! message; nothing panics.

use aktgranskning_service::{Context, Store, templates};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| Mutex::new(Store::open_in_memory().unwrap()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut store = store().lock().unwrap();
    if let Err(e) = templates::import_template(&mut store, &Context::new("fuzz"), text) {
        assert_eq!(e.exit_code(), 2, "{e:?}");
    }
});
