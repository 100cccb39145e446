//! Stage benchmarks of the clientgen pipeline: `cargo bench -p clientgen`.
//!
//! For each spec it measures
//! - `parse`: reading the file into a `serde_json::Value` (`serde_yaml::Value` for YAML), the
//!   floor that any generator has to pay;
//! - `load`: `clientgen::__private::load::load_file` (read, parse, bundle, normalize, deserialize);
//! - `model`: `clientgen::__private::model::build` on an already loaded spec;
//! - `generate`: the whole `Generator::generate()` (load, model, emit and format, no writing);
//! - `libraries`: only the work done inside the libraries the pipeline is built on, one after
//!   the other on one thread: the `parse` floor, `openapiv3`'s deserialization of that value,
//!   then `syn`'s parse of the generated files' tokens and `prettyplease`'s printing of them.
//!   No generator with this stack can take less CPU time than this; divided by the number of
//!   cores it is the least wall time possible, however well the rest is parallelised.
//!
//! After criterion's own report it prints a summary: the median of each benchmark, the median
//! per-stage split that `Output::timings` reports for the `generate` runs, generate / parse, and
//! the split of `libraries` with its ratio to parse.
//!
//! Specs:
//! - `smart_invites`: the flagship `spec/smart_invites.yaml`;
//! - `github`: GitHub's REST description (about 1,200 operations), taken from
//!   `target/corpus/cache/specs/github.json`, which `bash scripts/corpus/run.sh github` fetches
//!   (or from `$CLIENTGEN_BENCH_LARGE_SPEC`). When it is missing the benchmark says so and skips
//!   it.
//!
//! A filter works as usual: `cargo bench -p clientgen -- smart_invites/`.

use criterion::{BenchmarkGroup, Criterion, SamplingMode, measurement::WallTime};
use std::cell::RefCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// The allocator of the `clientgen` command, for the parse floor as for the stages.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ has a parent")
        .to_path_buf()
}

/// One spec to measure, and how hard to measure it.
struct Spec {
    name: &'static str,
    path: PathBuf,
    large: bool,
}

/// Per-benchmark samples, as (iterations, elapsed) per routine call, in call order. Criterion
/// calls the routine a few times to warm up and then once per sample, so the last
/// `sample_size` calls are the measured ones.
#[derive(Default)]
struct Samples {
    calls: Vec<(u64, Duration)>,
    timings: Vec<Vec<clientgen::Timings>>,
}

impl Samples {
    /// Median time per iteration over the last `n` calls.
    fn median(&self, n: usize) -> Option<Duration> {
        let skip = self.calls.len().saturating_sub(n);
        let per_iter: Vec<Duration> = self.calls[skip..]
            .iter()
            .map(|&(iters, elapsed)| {
                Duration::from_secs_f64(elapsed.as_secs_f64() / iters.max(1) as f64)
            })
            .collect();
        median(per_iter)
    }

    /// Median of each stage over every `generate()` of the last `n` calls.
    fn stage_medians(&self, n: usize) -> Option<[Duration; 5]> {
        let skip = self.timings.len().saturating_sub(n);
        let all: Vec<clientgen::Timings> = self.timings[skip..].iter().flatten().copied().collect();
        Some([
            median(all.iter().map(|t| t.load).collect())?,
            median(all.iter().map(|t| t.model).collect())?,
            median(all.iter().map(|t| t.emit).collect())?,
            median(all.iter().map(|t| t.format).collect())?,
            median(all.iter().map(|t| t.emit_format).collect())?,
        ])
    }
}

fn median(mut v: Vec<Duration>) -> Option<Duration> {
    if v.is_empty() {
        return None;
    }
    v.sort();
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2
    })
}

/// What the summary prints for one spec.
struct SpecReport {
    name: &'static str,
    sample_size: usize,
    parse: Samples,
    load: Samples,
    model: Samples,
    generate: Samples,
    libraries: Samples,
    /// Per iteration of `libraries`: parse, openapiv3, syn, prettyplease.
    library_parts: Vec<[Duration; 4]>,
}

/// Runs `f` `iters` times and returns the total time: the body of every `iter_custom` here.
fn timed<T>(iters: u64, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    start.elapsed()
}

/// Floor: the file read and parsed into a generic document, as `load` does first.
fn parse(path: &Path) {
    let text = std::fs::read_to_string(path).expect("read spec");
    let is_json = path.extension().is_some_and(|e| e == "json");
    if is_json {
        let v: serde_json::Value = serde_json::from_str(&text).expect("parse JSON");
        black_box(v);
    } else {
        let v: serde_yaml::Value = serde_yaml::from_str(&text).expect("parse YAML");
        black_box(v);
    }
}

/// The generated `.rs` files as token streams, the input `syn` gets from the emitter.
fn generated_tokens(output: &clientgen::Output) -> Vec<proc_macro2::TokenStream> {
    output
        .files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(path, text)| {
            text.parse()
                .unwrap_or_else(|e| panic!("{} does not lex: {e:?}", path.display()))
        })
        .collect()
}

/// One pass of the libraries alone: the time of each (parse, openapiv3, syn, prettyplease).
fn libraries(path: &Path, tokens: &[proc_macro2::TokenStream]) -> [Duration; 4] {
    use serde::Deserialize;
    let start = Instant::now();
    let text = std::fs::read_to_string(path).expect("read spec");
    let value: serde_json::Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("parse JSON")
    } else {
        serde_yaml::from_str(&text).expect("parse YAML")
    };
    drop(text);
    let parsed = Instant::now();
    let api = openapiv3::OpenAPI::deserialize(value).expect("the spec deserializes");
    black_box(api);
    let deserialized = Instant::now();
    let files: Vec<syn::File> = tokens
        .iter()
        .map(|t| syn::parse2(t.clone()).expect("generated files parse"))
        .collect();
    let syn_parsed = Instant::now();
    for file in &files {
        black_box(prettyplease::unparse(file));
    }
    let printed = Instant::now();
    drop(files);
    [
        parsed - start,
        deserialized - parsed,
        syn_parsed - deserialized,
        printed - syn_parsed,
    ]
}

fn bench_spec(c: &mut Criterion, spec: &Spec) -> Option<SpecReport> {
    if !spec.path.is_file() {
        eprintln!(
            "note: skipping `{}`: {} is missing; `bash scripts/corpus/run.sh github` fetches it \
             into target/corpus/cache (or point CLIENTGEN_BENCH_LARGE_SPEC at a copy)",
            spec.name,
            spec.path.display()
        );
        return None;
    }
    // One generation up front: it checks that the spec goes through (a failure is reported,
    // not a panic in the middle of criterion's output) and sizes the measurement time.
    let generator = clientgen::Generator::new(&spec.path);
    let start = Instant::now();
    let tokens = match generator.generate() {
        Ok(output) => generated_tokens(&output),
        Err(e) => {
            eprintln!(
                "note: skipping `{}`: clientgen cannot generate it:\n{e}",
                spec.name
            );
            return None;
        }
    };
    let one_generate = start.elapsed();
    let loaded = match clientgen::__private::load::load_file(&spec.path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("note: skipping `{}`: {e}", spec.name);
            return None;
        }
    };

    let sample_size = if spec.large { 10 } else { 50 };
    let mut group = c.benchmark_group(spec.name);
    group.sample_size(sample_size);
    if spec.large {
        // A few seconds per iteration: one iteration per sample, no regression fit.
        group
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1));
    } else {
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
    }
    // Enough measurement time for `sample_size` single iterations of the slowest stage
    // (generate) so that criterion does not warn; the faster stages share it.
    let measurement = |per_iter: Duration| {
        (per_iter * sample_size as u32 * 6 / 5).max(Duration::from_secs(if spec.large {
            5
        } else {
            3
        }))
    };

    let parse_samples = RefCell::new(Samples::default());
    let load_samples = RefCell::new(Samples::default());
    let model_samples = RefCell::new(Samples::default());
    let generate_samples = RefCell::new(Samples::default());

    if spec.large {
        group.measurement_time(measurement(one_generate / 8));
    }
    bench(&mut group, "parse", &parse_samples, |iters| {
        timed(iters, || parse(&spec.path))
    });
    if spec.large {
        group.measurement_time(measurement(one_generate / 3));
    }
    bench(&mut group, "load", &load_samples, |iters| {
        timed(iters, || {
            clientgen::__private::load::load_file(&spec.path).expect("load_file succeeded before")
        })
    });
    if spec.large {
        group.measurement_time(measurement(one_generate / 8));
    }
    bench(&mut group, "model", &model_samples, |iters| {
        timed(iters, || {
            clientgen::__private::model::build(
                &loaded,
                &clientgen::__private::skip::Skip::default(),
            )
            .expect("model::build succeeded before")
        })
    });
    if spec.large {
        group.measurement_time(measurement(one_generate));
    }
    group.bench_function("generate", |b| {
        b.iter_custom(|iters| {
            let mut timings = Vec::with_capacity(iters as usize);
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let output = generator.generate().expect("generate succeeded before");
                total += start.elapsed();
                timings.push(output.timings);
                black_box(output);
            }
            let mut samples = generate_samples.borrow_mut();
            samples.calls.push((iters, total));
            samples.timings.push(timings);
            total
        })
    });
    let libraries_samples = RefCell::new(Samples::default());
    let library_parts = RefCell::new(Vec::new());
    bench(&mut group, "libraries", &libraries_samples, |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            library_parts
                .borrow_mut()
                .push(libraries(&spec.path, &tokens));
        }
        start.elapsed()
    });
    group.finish();

    Some(SpecReport {
        name: spec.name,
        sample_size,
        parse: parse_samples.into_inner(),
        load: load_samples.into_inner(),
        model: model_samples.into_inner(),
        generate: generate_samples.into_inner(),
        libraries: libraries_samples.into_inner(),
        library_parts: library_parts.into_inner(),
    })
}

/// A benchmark whose routine returns the time of `iters` iterations, recorded for the summary.
fn bench(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    samples: &RefCell<Samples>,
    routine: impl Fn(u64) -> Duration,
) {
    group.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let elapsed = routine(iters);
            samples.borrow_mut().calls.push((iters, elapsed));
            elapsed
        })
    });
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn opt_ms(d: Option<Duration>) -> String {
    d.map_or_else(|| "-".to_string(), ms)
}

fn print_summary(reports: &[SpecReport]) {
    if reports.is_empty() {
        return;
    }
    println!("\nclientgen pipeline summary (medians of the measured samples)");
    println!(
        "{:<14} {:>11} {:>11} {:>11} {:>11}   {:>11} {:>11} {:>11} {:>11} {:>13}   {:>14}",
        "spec",
        "parse",
        "load",
        "model",
        "generate",
        "gen:load",
        "gen:model",
        "gen:emit",
        "gen:format",
        "gen:emit+fmt",
        "generate/parse"
    );
    for r in reports {
        let n = r.sample_size;
        let parse = r.parse.median(n);
        let generate = r.generate.median(n);
        let stages = r.generate.stage_medians(n);
        let stage = |i: usize| opt_ms(stages.map(|s| s[i]));
        let ratio = match (generate, parse) {
            (Some(g), Some(p)) if !p.is_zero() => {
                format!("{:.1}x", g.as_secs_f64() / p.as_secs_f64())
            }
            _ => "-".to_string(),
        };
        println!(
            "{:<14} {:>11} {:>11} {:>11} {:>11}   {:>11} {:>11} {:>11} {:>11} {:>13}   {:>14}",
            r.name,
            opt_ms(parse),
            opt_ms(r.load.median(n)),
            opt_ms(r.model.median(n)),
            opt_ms(generate),
            stage(0),
            stage(1),
            stage(2),
            stage(3),
            stage(4),
            ratio
        );
    }
    println!(
        "(gen:* is the per-stage split that Output::timings reports inside the generate runs: \
         emit and format are summed over the threads that run them together, gen:emit+fmt is \
         their wall time; parse is read + serde parse to a generic value, the floor)"
    );
    println!("\nlibraries alone, one thread (medians): the least CPU time this stack needs");
    println!(
        "{:<14} {:>11} {:>11} {:>11} {:>12} {:>11}   {:>15} {:>24}",
        "spec",
        "parse",
        "openapiv3",
        "syn",
        "prettyplease",
        "libraries",
        "libraries/parse",
        "on all cores, /parse"
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for r in reports {
        let n = r.sample_size;
        let Some(total) = r.libraries.median(n) else {
            continue;
        };
        // The last calls are the measured ones; each call ran at least one pass.
        let parts = &r.library_parts[r.library_parts.len().saturating_sub(n)..];
        let part = |i: usize| opt_ms(median(parts.iter().map(|p| p[i]).collect()));
        let floor = r.parse.median(n).filter(|p| !p.is_zero());
        let ratio = |d: Duration| {
            floor.map_or_else(
                || "-".to_string(),
                |p| format!("{:.1}x", d.as_secs_f64() / p.as_secs_f64()),
            )
        };
        println!(
            "{:<14} {:>11} {:>11} {:>11} {:>12} {:>11}   {:>15} {:>24}",
            r.name,
            part(0),
            part(1),
            part(2),
            part(3),
            ms(total),
            ratio(total),
            format!("{} ({cores} cores)", ratio(total / cores as u32)),
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let root = workspace_root();
    let large = std::env::var_os("CLIENTGEN_BENCH_LARGE_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/corpus/cache/specs/github.json"));
    let specs = [
        Spec {
            name: "smart_invites",
            path: root.join("spec/smart_invites.yaml"),
            large: false,
        },
        Spec {
            name: "github",
            path: large,
            large: true,
        },
    ];
    let reports: Vec<SpecReport> = specs.iter().filter_map(|s| bench_spec(&mut c, s)).collect();
    c.final_summary();
    print_summary(&reports);
}
