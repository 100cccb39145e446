//! Numbers Prism cannot judge (it is JavaScript: integers beyond 2^53 lose precision there), and
//! floats, which must come back bit for bit: what a generated type reads, it writes back the same.

use clientgen_tests::fixtures::annotated_allof::types::TreeWeighted;
use clientgen_tests::fixtures::style_table::types::Rgb;

/// Checks that fail today, each with what is found instead. Only ever remove entries.
const KNOWN_WRONG: &[(&str, &str)] = &[];

/// The clients' `serde_json` needs `float_roundtrip`: without it, its fast parser reads some
/// decimal texts 1 ULP off (6,114 of this test's 20,000 doubles). Whether the feature is on in
/// this test depends on what cargo unifies across the workspace, so the manifest the generator
/// writes is what is checked; the doubles are checked once it asks for the feature.
#[test]
fn generated_manifests_ask_for_exact_floats() {
    let manifest = std::fs::read_to_string(
        clientgen_tests::workspace_root().join("generated/cronofy-smart-invites/Cargo.toml"),
    )
    .expect("the flagship's manifest");
    let line = manifest
        .lines()
        .find(|l| l.starts_with("serde_json"))
        .unwrap_or("no serde_json");
    let asks = line.contains("float_roundtrip");
    ratchet(&[(
        "the flagship's manifest enables serde_json's float_roundtrip",
        (!asks).then(|| line.to_string()),
    )]);
    if asks {
        let wrong = floats_read_wrong();
        assert!(
            wrong.is_empty(),
            "{} doubles read wrong, first {}",
            wrong.len(),
            wrong[0]
        );
    }
}

#[test]
fn int64_beyond_2_pow_53_round_trips() {
    for n in [
        9_007_199_254_740_993_i64,
        i64::MAX,
        i64::MIN,
        -9_007_199_254_740_993,
    ] {
        let json = format!(r#"{{"R":{n},"G":0,"B":1}}"#);
        let rgb: Rgb = serde_json::from_str(&json).expect("an i64 decodes");
        assert_eq!(rgb.r, n);
        assert_eq!(serde_json::to_string(&rgb).expect("encodes"), json);
    }
}

/// The shortest decimal texts of pseudo-random doubles (a fixed LCG, so every run is the same)
/// that a generated type reads back as another double.
fn floats_read_wrong() -> Vec<String> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut wrong = Vec::new();
    for _ in 0..20_000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let value = f64::from_bits(state >> 2);
        if !value.is_finite() {
            continue;
        }
        let json = format!(r#"{{"label":"l","weight":{value:?}}}"#);
        let decoded: TreeWeighted = serde_json::from_str(&json).expect("a double decodes");
        if decoded.weight.map(f64::to_bits) != Some(value.to_bits()) {
            wrong.push(format!("{value:?} read as {:?}", decoded.weight));
        }
    }
    wrong
}

/// Fails on a check that fails and is not in `KNOWN_WRONG`, or that fails differently, and on
/// an entry of `KNOWN_WRONG` that holds now.
fn ratchet(checks: &[(&str, Option<String>)]) {
    let mut failures = Vec::new();
    for (name, found) in checks {
        let known = KNOWN_WRONG.iter().find(|(n, _)| n == name).map(|(_, f)| *f);
        match (found, known) {
            (None, Some(_)) => {
                failures.push(format!("{name} holds now: remove it from KNOWN_WRONG"))
            }
            (Some(found), None) => failures.push(format!("{name}: FAILS, found {found}")),
            (Some(found), Some(known)) if found != known => failures.push(format!(
                "{name}: still fails but differently: found {found}, KNOWN_WRONG says {known}: \
                 update KNOWN_WRONG"
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
