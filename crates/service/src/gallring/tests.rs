//! The history's details after gallring: case ids become file numbers, free texts go,
//! values the record needs stay.

use super::*;
use serde_json::json;

#[test]
fn details_keep_values_and_lose_texts() {
    let numbers: HashMap<String, String> =
        [("LSS-2023-0042".to_string(), "Akt 7".to_string())].into();
    let answer = json!({"case_id": "LSS-2023-0042", "item_id": "samtycke", "old": "nej", "new": "ja",
                        "old_comment": "Samtal med Anna 12/3", "new_comment": "Se journal"});
    assert_eq!(
        redact(answer, &numbers),
        json!({"case_id": "Akt 7", "item_id": "samtycke", "old": "nej", "new": "ja"})
    );
    let chapter = json!({"chapter": 3, "old": "En lång text om enheten", "new": "En annan text"});
    assert_eq!(redact(chapter, &numbers), json!({"chapter": 3}));
    let merged = json!({"into": "Karin Lund", "from": ["karin lund"], "rows": 12});
    assert_eq!(
        redact(merged, &numbers),
        json!({"from": [null], "rows": 12})
    );
    let drawn = json!({"seed": "42", "algorithm": "aktgranskning-urval-v2", "cases": ["LSS-2023-0042", "X"],
                       "reason": "Fel lagrum", "sample_size": 2});
    assert_eq!(
        redact(drawn, &numbers),
        json!({"seed": "42", "algorithm": "aktgranskning-urval-v2", "cases": ["Akt 7", "(gallrad)"], "sample_size": 2})
    );
}
