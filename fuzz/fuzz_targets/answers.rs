#![no_main]
//! Answer-file import into the demo audit under review: any bytes are imported whole
//! or refused whole with located Swedish errors; nothing panics.

use aktgranskning_service::{Context, Store, demo, review};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

fn audit() -> &'static Mutex<(Store, Context, i64)> {
    static AUDIT: OnceLock<Mutex<(Store, Context, i64)>> = OnceLock::new();
    AUDIT.get_or_init(|| {
        let mut store = Store::open_in_memory().unwrap();
        let ctx = Context::new("fuzz");
        let id = demo::create_demo_audit(&mut store, &ctx).unwrap();
        Mutex::new((store, ctx, id))
    })
}

fuzz_target!(|data: &[u8]| {
    let mut guard = audit().lock().unwrap();
    let (store, ctx, id) = &mut *guard;
    if let Err(e) = review::import_answers(store, ctx, *id, data) {
        assert_eq!(e.exit_code(), 2, "{e:?}");
    }
});
