//! The `clientgen` command.
//!
//! Exit status: 0 on success, 1 when the spec is bad, a check finds differences or a file cannot
//! be written, 2 on bad usage.

use clientgen::{Error, Generator};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
clientgen: generate Rust client crates from OpenAPI documents

Usage:
  clientgen                                         regenerate every client listed under
                                                    [workspace.metadata.clientgen] in Cargo.toml
  clientgen generate <SPEC> --out <DIR> [--name <CRATE>] [--timings]
                                                    write a complete crate to DIR
  clientgen check [<SPEC> --out <DIR> [--name <CRATE>]]
                                                    exit 1 and show a diff when DIR (or any listed
                                                    client) differs from what its spec produces

Options:
  --out <DIR>      the crate folder
  --name <CRATE>   the package name (default: the spec file name in kebab case)
  --timings        print the time spent in each stage
  -h, --help       show this help
  -V, --version    show the version
";

/// One client to produce.
struct Job {
    spec: PathBuf,
    out: PathBuf,
    name: Option<String>,
    /// Paths are shown relative to this folder in headers.
    root: Option<PathBuf>,
}

enum Command {
    Generate(Job, bool),
    Check(Vec<Job>),
    RegenerateAll(Vec<Job>),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        println!("clientgen {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let command = match parse(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Generate(job, timings) => generate(&job, timings),
        Command::RegenerateAll(jobs) => {
            let mut status = ExitCode::SUCCESS;
            for job in &jobs {
                if generate(job, false) != ExitCode::SUCCESS {
                    status = ExitCode::from(1);
                }
            }
            status
        }
        Command::Check(jobs) => check(&jobs),
    }
}

fn parse(args: &[String]) -> Result<Command, String> {
    let Some(first) = args.first() else {
        return workspace_jobs().map(Command::RegenerateAll);
    };
    let mut positional = Vec::new();
    let mut out = None;
    let mut name = None;
    let mut timings = false;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--out" => out = Some(rest.next().ok_or("--out needs a folder")?.clone()),
            "--name" => name = Some(rest.next().ok_or("--name needs a crate name")?.clone()),
            "--timings" => timings = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            value => positional.push(value.to_string()),
        }
    }
    if let Some(name) = &name {
        if !is_package_name(name) {
            return Err(format!(
                "`{name}` is not a valid package name (letters, digits, `-` and `_`)"
            ));
        }
    }
    let job = |positional: &[String], out: Option<String>| -> Result<Job, String> {
        match (positional, out) {
            ([spec], Some(out)) => Ok(Job {
                spec: spec.into(),
                out: out.into(),
                name: name.clone(),
                root: None,
            }),
            ([], _) => Err("missing <SPEC>".to_string()),
            ([_], None) => Err("missing --out <DIR>".to_string()),
            _ => Err("expected one <SPEC>".to_string()),
        }
    };
    match first.as_str() {
        "generate" => Ok(Command::Generate(job(&positional, out)?, timings)),
        "check" if positional.is_empty() && out.is_none() => workspace_jobs().map(Command::Check),
        "check" => Ok(Command::Check(vec![job(&positional, out)?])),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The clients listed in the nearest workspace `Cargo.toml` that has
/// `[[workspace.metadata.clientgen.clients]]` entries.
fn workspace_jobs() -> Result<Vec<Job>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let mut folder: Option<&Path> = Some(&cwd);
    while let Some(dir) = folder {
        let manifest = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            let doc: toml::Table =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
            let clients = doc
                .get("workspace")
                .and_then(|w| w.get("metadata"))
                .and_then(|m| m.get("clientgen"))
                .and_then(|c| c.get("clients"))
                .and_then(|c| c.as_array());
            if let Some(clients) = clients {
                let mut jobs = Vec::new();
                for (i, client) in clients.iter().enumerate() {
                    let field =
                        |key: &str| client.get(key).and_then(|v| v.as_str()).map(str::to_string);
                    let (Some(spec), Some(out)) = (field("spec"), field("out")) else {
                        return Err(format!(
                            "{}: workspace.metadata.clientgen.clients[{i}] needs `spec` and `out`",
                            manifest.display()
                        ));
                    };
                    jobs.push(Job {
                        spec: dir.join(spec),
                        out: dir.join(out),
                        name: field("name"),
                        root: Some(dir.to_path_buf()),
                    });
                }
                return Ok(jobs);
            }
        }
        folder = dir.parent();
    }
    Err(
        "no Cargo.toml with [[workspace.metadata.clientgen.clients]] here or above; \
         use `clientgen generate <SPEC> --out <DIR>`"
            .to_string(),
    )
}

fn generator(job: &Job) -> Generator {
    let mut generator = Generator::new(&job.spec);
    if let Some(name) = &job.name {
        generator = generator.crate_name(name);
    }
    let shown = |p: &Path| match &job.root {
        Some(root) => p.strip_prefix(root).unwrap_or(p).display().to_string(),
        None => p.display().to_string(),
    };
    let name = generator.package_name();
    generator = generator.command(format!(
        "clientgen generate {} --out {} --name {name}",
        shown(&job.spec),
        shown(&job.out)
    ));
    if let Some(root) = &job.root {
        generator = generator.display_root(root);
    }
    generator
}

fn generate(job: &Job, show_timings: bool) -> ExitCode {
    let output = match generator(job).generate() {
        Ok(output) => output,
        Err(e) => return fail(&e),
    };
    let report = match output.write_to(&job.out) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    eprintln!(
        "{}: {} written, {} unchanged, {} removed",
        job.out.display(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    if show_timings {
        let t = output.timings;
        eprintln!(
            "timings: load {:.1} ms, model {:.1} ms, emit {:.1} ms, format {:.1} ms",
            t.load.as_secs_f64() * 1e3,
            t.model.as_secs_f64() * 1e3,
            t.emit.as_secs_f64() * 1e3,
            t.format.as_secs_f64() * 1e3
        );
    }
    ExitCode::SUCCESS
}

fn check(jobs: &[Job]) -> ExitCode {
    let mut stale = false;
    for job in jobs {
        let output = match generator(job).generate() {
            Ok(output) => output,
            Err(e) => return fail(&e),
        };
        let differences = output.compare_with(&job.out);
        if differences.is_empty() {
            eprintln!("{}: up to date", job.out.display());
            continue;
        }
        stale = true;
        for d in differences {
            println!("--- {}\n{}", d.path.display(), d.diff);
        }
        eprintln!(
            "{}: out of date; regenerate with `cargo run -p clientgen`",
            job.out.display()
        );
    }
    if stale {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn fail(e: &Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(1)
}
