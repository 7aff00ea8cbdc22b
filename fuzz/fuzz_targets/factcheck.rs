#![no_main]
//! Import of the enhetschef's answer into an audit in Faktagranskning. Every input is
//! tried twice: as it is (almost always stopped by the checksum), and resealed as an
//! answer to this audit's package with a correct checksum, as a forger who knows the
//! public rule would, so that every check behind the checksum is reached too. Either
//! way: imported whole or refused with exit 2. After an import succeeds the audit is
//! made anew, so the next input meets an open round again.

use aktgranskning_service::{Context, Store, demo, factcheck};
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use std::sync::{Mutex, OnceLock};

struct Audit {
    store: Store,
    ctx: Context,
    id: i64,
    package_id: String,
}

fn fresh() -> Audit {
    let mut store = Store::open_in_memory().unwrap();
    let ctx = Context::new("fuzz");
    let id = demo::create_demo_audit(&mut store, &ctx).unwrap();
    let package_id = factcheck::export_package(&mut store, &ctx, id, None)
        .unwrap()
        .package_id;
    Audit {
        store,
        ctx,
        id,
        package_id,
    }
}

fn audit() -> &'static Mutex<Audit> {
    static AUDIT: OnceLock<Mutex<Audit>> = OnceLock::new();
    AUDIT.get_or_init(|| Mutex::new(fresh()))
}

fn resealed(data: &[u8], package_id: &str) -> Option<Vec<u8>> {
    let mut v: serde_json::Value = serde_json::from_slice(data).ok()?;
    let o = v.as_object_mut()?;
    o.remove("checksum");
    o.insert("package_id".into(), package_id.into());
    let sum: String = Sha256::digest(v.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    v.as_object_mut()?.insert("checksum".into(), sum.into());
    serde_json::to_vec(&v).ok()
}

fuzz_target!(|data: &[u8]| {
    let mut a = audit().lock().unwrap();
    let inputs = std::iter::once(data.to_vec()).chain(resealed(data, &a.package_id));
    for input in inputs.collect::<Vec<_>>() {
        let Audit { store, ctx, id, .. } = &mut *a;
        match factcheck::import_response(store, ctx, *id, &input) {
            Err(e) => assert_eq!(e.exit_code(), 2, "{e:?}"),
            Ok(_) => *a = fresh(),
        }
    }
});
