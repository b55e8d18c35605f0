//! Every fixture the real-engine suite builds carries the decoy secrets it checks the image
//! for, so a new e2e case is complete before it reaches an engine.

mod support;

use std::collections::BTreeSet;

const DECOY: &str = "MSB-DECOY-SECRET";

#[test]
fn every_e2e_fixture_carries_the_decoy_secrets() {
    let fixtures: BTreeSet<String> = support::cases()
        .into_iter()
        .filter(|c| c.e2e.is_some())
        .map(|c| c.fixture)
        .collect();
    assert!(!fixtures.is_empty(), "no case has an [case.e2e] table");
    let mut missing = Vec::new();
    for fixture in &fixtures {
        for decoy in [".env", "id_rsa"] {
            let path = support::fixtures().join(fixture).join(decoy);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if !text.contains(DECOY) {
                missing.push(format!("{fixture}/{decoy}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "e2e fixtures without a decoy containing {DECOY}: {missing:?}"
    );
}
