//! Decode time of the compact shape against the derived one, measured in pairs: each round
//! decodes the same payload once with each side's types, back to back and in alternating order,
//! so that what else the machine does in that moment weighs on both. Prints, per group, the
//! median of the rounds' ratios compact / derived with its quartiles, and each side's median.
//!
//!   cargo run --profile bench --example paired -- [ROUNDS]           # default 200
//!   cargo run --profile bench --example paired -- once SIDE GROUP    # one decode, for callgrind
//!
//! `scripts/bench/decode.sh` runs both.

use clientgen_decode_bench::{GITHUB_SPEC, compact, derived, payload};
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant};

const GROUPS: [&str; 3] = ["full-repository", "issue", "pull-request"];

/// Decodes `json` as an array of `T`; the count keeps the work from being optimised away.
#[inline(never)]
fn decode<T: DeserializeOwned>(json: &str) -> usize {
    match serde_json::from_str::<Vec<T>>(std::hint::black_box(json)) {
        Ok(values) => values.len(),
        Err(e) => panic!("the example does not decode: {e}"),
    }
}

/// One decode of `group` with the compact (`compact == true`) or the derived types.
fn run(compact: bool, group: &str, json: &str) -> usize {
    match (compact, group) {
        (true, "full-repository") => decode::<compact::types::FullRepository>(json),
        (false, "full-repository") => decode::<derived::types::FullRepository>(json),
        (true, "issue") => decode::<compact::types::Issue>(json),
        (false, "issue") => decode::<derived::types::Issue>(json),
        (true, "pull-request") => decode::<compact::types::PullRequest>(json),
        (false, "pull-request") => decode::<derived::types::PullRequest>(json),
        _ => panic!("unknown group {group}"),
    }
}

fn timed(compact: bool, group: &str, json: &str) -> Duration {
    let start = Instant::now();
    std::hint::black_box(run(compact, group, json));
    start.elapsed()
}

/// The value at fraction `q` of the sorted `values`.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(GITHUB_SPEC).expect("the spec the clients came from");
    let spec: serde_json::Value = serde_json::from_str(&text).expect("the spec is JSON");
    if let [once, side, group] = args.as_slice()
        && once == "once"
    {
        let json = payload(&spec, group, 4 << 20);
        println!("{}", run(side == "compact", group, &json));
        return;
    }
    let rounds: usize = match args.first().map(|a| a.parse()) {
        None => 200,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: paired [ROUNDS] | paired once compact|derived GROUP");
            std::process::exit(2);
        }
    };
    println!(
        "{:<16} {:>10} {:>10} {:>15} {:>6} {:>6}  ({rounds} rounds)",
        "group", "compact ms", "derived ms", "compact/derived", "q1", "q3"
    );
    for group in GROUPS {
        let json = payload(&spec, group, 4 << 20);
        for _ in 0..5 {
            timed(true, group, &json);
            timed(false, group, &json);
        }
        let (mut ratios, mut compact, mut derived) = (vec![], vec![], vec![]);
        for round in 0..rounds {
            let (c, d) = if round % 2 == 0 {
                let c = timed(true, group, &json);
                (c, timed(false, group, &json))
            } else {
                let d = timed(false, group, &json);
                (timed(true, group, &json), d)
            };
            ratios.push(c.as_secs_f64() / d.as_secs_f64());
            compact.push(c.as_secs_f64() * 1e3);
            derived.push(d.as_secs_f64() * 1e3);
        }
        println!(
            "{group:<16} {:>10.2} {:>10.2} {:>15.3} {:>6.3} {:>6.3}",
            quantile(&mut compact, 0.5),
            quantile(&mut derived, 0.5),
            quantile(&mut ratios, 0.5),
            quantile(&mut ratios, 0.25),
            quantile(&mut ratios, 0.75),
        );
    }
}
