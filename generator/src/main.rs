//! The `clientgen` command.
//!
//! Exit status: 0 on success, 1 when the spec is bad, a check finds differences or a file cannot
//! be written, 2 on bad usage.

use clientgen::workspace::{ListedClient, find_clients};
use clientgen::{Error, Generator};
use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
clientgen: generate Rust client crates from OpenAPI documents

Usage:
  clientgen                                         regenerate every client listed under
                                                    [workspace.metadata.clientgen] in Cargo.toml
  clientgen generate <SPEC> --out <DIR> [--name <CRATE>] [--timings]
                   [--skip-unsupported] [--tags <A,B>] [--operations <X,Y>]
                                                    write a complete crate to DIR
  clientgen check [<SPEC> --out <DIR> [--name <CRATE>]]
                                                    exit 1 and show a diff when DIR (or any listed
                                                    client) differs from what its spec produces

Options:
  --out <DIR>      the crate folder
  --name <CRATE>   the package name (default: the spec file name in kebab case)
  --timings        print the time spent in each stage
  --tags <A,B>     generate only the operations with one of these tags (and their types)
  --operations <X,Y>
                   generate only these operations (operationId, method name or
                   `METHOD /path`), and their types
  --skip-unsupported
                   leave out operations and schemas clientgen cannot generate (schemas
                   become any JSON) instead of failing, and list them
  -h, --help       show this help
  -V, --version    show the version
";

/// One client to produce.
enum Job {
    /// From the command line.
    Given {
        spec: PathBuf,
        out: PathBuf,
        name: Option<String>,
        skip: bool,
        tags: Vec<String>,
        operations: Vec<String>,
    },
    /// Listed in the workspace `Cargo.toml`.
    Listed(ListedClient),
}

impl Job {
    fn out(&self) -> PathBuf {
        match self {
            Job::Given { out, .. } => out.clone(),
            Job::Listed(client) => client.out_dir(),
        }
    }

    fn generator(&self) -> Generator {
        match self {
            Job::Listed(client) => client.generator(),
            Job::Given {
                spec,
                out,
                name,
                skip,
                tags,
                operations,
            } => {
                let mut generator = Generator::new(spec)
                    .skip_unsupported(*skip)
                    .tags(tags.iter().cloned())
                    .operations(operations.iter().cloned());
                if let Some(name) = name {
                    generator = generator.crate_name(name);
                }
                let name = generator.package_name();
                let mut flag = String::new();
                if *skip {
                    flag.push_str(" --skip-unsupported");
                }
                if !tags.is_empty() {
                    flag.push_str(&format!(" --tags {}", tags.join(",")));
                }
                if !operations.is_empty() {
                    flag.push_str(&format!(" --operations {}", operations.join(",")));
                }
                generator.command(format!(
                    "clientgen generate {} --out {} --name {name}{flag}",
                    spec.display(),
                    out.display()
                ))
            }
        }
    }
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
    let mut skip = false;
    let mut tags = Vec::new();
    let mut operations = Vec::new();
    let list = |value: Option<&String>, flag: &str| -> Result<Vec<String>, String> {
        let value = value.ok_or(format!("{flag} needs a comma-separated list"))?;
        Ok(value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect())
    };
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--out" => out = Some(rest.next().ok_or("--out needs a folder")?.clone()),
            "--name" => name = Some(rest.next().ok_or("--name needs a crate name")?.clone()),
            "--timings" => timings = true,
            "--skip-unsupported" => skip = true,
            "--tags" => tags.extend(list(rest.next(), "--tags")?),
            "--operations" => operations.extend(list(rest.next(), "--operations")?),
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
            ([spec], Some(out)) => Ok(Job::Given {
                spec: spec.into(),
                out: out.into(),
                name: name.clone(),
                skip,
                tags: tags.clone(),
                operations: operations.clone(),
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

fn workspace_jobs() -> Result<Vec<Job>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    Ok(find_clients(&cwd)?.into_iter().map(Job::Listed).collect())
}

fn generate(job: &Job, show_timings: bool) -> ExitCode {
    let output = match job.generator().generate() {
        Ok(output) => output,
        Err(e) => return fail(&e),
    };
    for d in &output.skipped {
        eprintln!("skipped: {d}");
    }
    for d in &output.warnings {
        eprintln!("warning: {d}");
    }
    let start = std::time::Instant::now();
    let report = match output.write_to(&job.out()) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    let write = start.elapsed();
    eprintln!(
        "{}: {} written, {} unchanged, {} removed",
        job.out().display(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    if show_timings {
        let t = output.timings;
        let ms = |d: std::time::Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        eprintln!(
            "timings: load {}, model {}, emit {} + format {} (summed over {} threads: {} wall), \
             write {}, total {}",
            ms(t.load),
            ms(t.model),
            ms(t.emit),
            ms(t.format),
            t.threads,
            ms(t.emit_format),
            ms(write),
            ms(t.total + write)
        );
    }
    ExitCode::SUCCESS
}

fn check(jobs: &[Job]) -> ExitCode {
    let mut stale = false;
    for job in jobs {
        let output = match job.generator().generate() {
            Ok(output) => output,
            Err(e) => return fail(&e),
        };
        let differences = output.compare_with(&job.out());
        if differences.is_empty() {
            eprintln!("{}: up to date", job.out().display());
            continue;
        }
        stale = true;
        for d in differences {
            println!("--- {}\n{}", d.path.display(), d.diff);
        }
        eprintln!(
            "{}: out of date; regenerate with `cargo run -p clientgen`",
            job.out().display()
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
