//! The `clientgen` command.
//!
//! Exit status: 0 on success; 1 when a spec is bad, a check finds differences or a file cannot
//! be written; 2 on bad usage. `clientgen diff` exits 0 whatever changed (its last line says how
//! much), and 1 only when a spec cannot be read.

use clap::{Arg, ArgAction, ArgMatches, CommandFactory, Parser, Subcommand, error::ErrorKind};
use clientgen::settings::{SETTINGS, Shape};
use clientgen::workspace::{ListedClient, find_clients};
use clientgen::{Error, Generator, Settings};
use clientgen::{Severity, Style};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives memory freed by the allocator back to the system 500 ms later rather than mimalloc 3's
/// 1 s, most of a run: a large spec's document, freed once read, would otherwise still count
/// in the peak memory when the client is printed. On GitHub's description (`/usr/bin/time`,
/// 2 cores): after 1 s, 147-154 MiB and 0.85-0.90 s; after 500 ms, 136-138 MiB and 0.83-0.85
/// s; after 100 ms, 121-123 MiB but 1.00-1.07 s, as memory given back is faulted in again.
/// `MIMALLOC_PURGE_DELAY` set in the environment still wins.
#[cfg(feature = "mimalloc")]
fn purge_freed_memory_soon() {
    /// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (`mimalloc.h`), which the
    /// bindings do not name.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options, a plain integer it reads when it purges;
        // valid at any time, from any thread.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 500) };
    }
}

/// Generate Rust client crates from OpenAPI documents.
///
/// Without a command, regenerates every client listed under
/// `[[workspace.metadata.clientgen.clients]]` (keys `spec`, `out`, `name`) in the nearest
/// Cargo.toml that lists any.
#[derive(Parser)]
#[command(name = "clientgen", version, disable_help_subcommand = false)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Write a complete client crate for SPEC to DIR (only changed files are rewritten).
    Generate(GenerateArgs),
    /// Exit 1 and show what differs when DIR (or, without SPEC, every listed client) is not what
    /// its spec produces: the API's changes since the spec the crate keeps
    /// (openapi.clientgen.json), as `diff` tells them, then each file's diff.
    Check(CheckArgs),
    /// Compare the clients two specs produce, in the Rust API's terms; the last line is
    /// `semver: major|minor|patch`. Exits 0 whatever changed, 1 when a spec is bad.
    Diff(DiffArgs),
    /// Print SPEC as clientgen reads it after the OpenAPI Overlays (other files' references
    /// bundled in, then each overlay applied in order): YAML, or JSON for a `.json` spec.
    Overlay(OverlayArgs),
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The OpenAPI document (YAML or JSON).
    spec: PathBuf,
    /// The crate folder.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The package name (default: the spec file name in kebab case).
    #[arg(long, value_name = "CRATE", value_parser = package_name)]
    name: Option<String>,
    /// Print the time spent in each stage.
    #[arg(long)]
    timings: bool,
    /// Leave out operations and schemas clientgen cannot generate (schemas become any JSON)
    /// instead of failing, and list them.
    #[arg(long)]
    skip_unsupported: bool,
    /// Generate only the operations with one of these tags (and their types).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    tags: Vec<String>,
    /// Generate only these operations (operationId, method name or `METHOD /path`), and their
    /// types.
    #[arg(long, value_name = "X,Y", value_delimiter = ',')]
    operations: Vec<String>,
    #[command(flatten)]
    settings: SettingsArgs,
}

/// The settings a `[[workspace.metadata.clientgen.clients]]` entry takes, as flags (each may be
/// repeated): one per entry of [`SETTINGS`], each value checked as it is read, so clap reports a
/// bad one as bad usage.
#[derive(Default)]
struct SettingsArgs(Settings);

impl clap::Args for SettingsArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        SETTINGS.iter().fold(cmd, |cmd, setting| {
            let arg = Arg::new(setting.flag())
                .long(setting.flag())
                .help(setting.help());
            cmd.arg(match setting.shape() {
                Shape::Switch => arg.action(ArgAction::SetTrue),
                _ => arg
                    .action(ArgAction::Append)
                    .value_name(setting.value_name())
                    .value_parser(move |value: &str| {
                        setting
                            .apply_flag(&mut Settings::default(), value)
                            .map(|()| value.to_string())
                            .map_err(|e| e.0)
                    }),
            })
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl clap::FromArgMatches for SettingsArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut settings = Settings::default();
        for setting in SETTINGS {
            let values: Vec<&str> = match setting.shape() {
                Shape::Switch if matches.get_flag(setting.flag()) => vec![""],
                Shape::Switch => Vec::new(),
                _ => matches
                    .get_many::<String>(setting.flag())
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect(),
            };
            for value in values {
                setting
                    .apply_flag(&mut settings, value)
                    .map_err(|e| clap::Error::raw(ErrorKind::InvalidValue, e))?;
            }
        }
        Ok(SettingsArgs(settings))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The OpenAPI document; without it, every client listed in Cargo.toml is checked.
    #[arg(requires = "out")]
    spec: Option<PathBuf>,
    /// The crate folder.
    #[arg(long, value_name = "DIR", requires = "spec")]
    out: Option<PathBuf>,
    /// The package name (default: the spec file name in kebab case).
    #[arg(long, value_name = "CRATE", value_parser = package_name, requires = "spec")]
    name: Option<String>,
    #[command(flatten)]
    settings: SettingsArgs,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The spec the client was generated from.
    old: PathBuf,
    /// The spec it would be generated from now.
    new: PathBuf,
    /// Apply an OpenAPI Overlay to both specs before comparing them; repeat to apply several,
    /// in order.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct OverlayArgs {
    /// The OpenAPI document (YAML or JSON).
    spec: PathBuf,
    /// The overlays, applied in order.
    #[arg(required = true, value_name = "OVERLAY")]
    overlays: Vec<PathBuf>,
}

fn package_name(name: &str) -> Result<String, String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name.to_string())
    } else {
        Err("a package name starts with a letter and holds letters, digits, `-` and `_`".into())
    }
}

/// One client to produce.
enum Job {
    /// From the command line.
    Given { generator: Generator, out: PathBuf },
    /// Listed in the workspace `Cargo.toml`.
    Listed(ListedClient),
}

impl Job {
    /// From the command line: the header names the command that regenerates the same client.
    fn given(generator: Generator, out: PathBuf) -> Job {
        let command = generator.command_line(Some(&out));
        let generator = generator.command(command);
        Job::Given { generator, out }
    }

    fn out(&self) -> PathBuf {
        match self {
            Job::Given { out, .. } => out.clone(),
            Job::Listed(client) => client.out_dir(),
        }
    }

    /// The command that regenerates this client.
    fn regenerate(&self) -> String {
        match self {
            Job::Listed(client) => {
                format!("clientgen` (no arguments) in `{}", client.root.display())
            }
            Job::Given { generator, out } => generator.command_line(Some(out)),
        }
    }

    fn generator(&self) -> Generator {
        match self {
            Job::Listed(client) => client.generator(),
            Job::Given { generator, .. } => generator.clone(),
        }
    }
}

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    purge_freed_memory_soon();
    let mut console = Console::default();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&mut console, &e),
    };
    run(cli, &mut console)
}

fn run(cli: Cli, console: &mut Console) -> ExitCode {
    match cli.command {
        None => match workspace_jobs() {
            Ok(jobs) => {
                let mut status = ExitCode::SUCCESS;
                for job in &jobs {
                    if generate(job, false, false, console) != ExitCode::SUCCESS {
                        status = ExitCode::from(1);
                    }
                }
                status
            }
            Err(message) => fail_usage(console, &message),
        },
        Some(Command::Generate(args)) => {
            let mut generator = Generator::new(&args.spec)
                .settings(args.settings.0)
                .skip_unsupported(args.skip_unsupported)
                .tags(args.tags.into_iter().filter(|t| !t.is_empty()))
                .operations(args.operations.into_iter().filter(|o| !o.is_empty()));
            if let Some(name) = args.name {
                generator = generator.crate_name(name);
            }
            let job = Job::given(generator, args.out);
            if let Err(message) = usable_out(&job.out()) {
                return usage_error(console, "generate", ErrorKind::InvalidValue, &message);
            }
            generate(&job, args.timings, args.skip_unsupported, console)
        }
        Some(Command::Check(args)) => {
            let jobs = match (args.spec, args.out) {
                (Some(spec), Some(out)) => {
                    let mut generator = Generator::new(&spec).settings(args.settings.0);
                    if let Some(name) = args.name {
                        generator = generator.crate_name(name);
                    }
                    vec![Job::given(generator, out)]
                }
                _ => match workspace_jobs() {
                    Ok(jobs) => jobs,
                    Err(message) => return fail_usage(console, &message),
                },
            };
            check(&jobs, console)
        }
        Some(Command::Diff(args)) => diff(&args, console),
        Some(Command::Overlay(args)) => overlay(&args, console),
    }
}

/// A usage error of `subcommand` found past parsing: clap's message, short usage and exit
/// status 2.
fn usage_error(
    console: &mut Console,
    subcommand: &str,
    kind: ErrorKind,
    message: &str,
) -> ExitCode {
    let mut cli = Cli::command();
    cli.build();
    let error = match cli.find_subcommand_mut(subcommand) {
        Some(sub) => sub.error(kind, message),
        None => cli.error(kind, message),
    };
    clap_exit(console, &error)
}

/// What clap has to say (help, the version, or a usage error), through the console, and the
/// status clap gives it: 0 for help and the version, 2 for a usage error.
fn clap_exit(console: &mut Console, error: &clap::Error) -> ExitCode {
    let text = error.render().to_string();
    if error.use_stderr() {
        console.err(&text);
    } else {
        console.out(&text);
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// Nothing to do where the command was run: exit 2 with the message.
fn fail_usage(console: &mut Console, message: &str) -> ExitCode {
    console.err_line(&format!("error: {message}"));
    ExitCode::from(2)
}

/// `--out` must be a folder or not exist yet.
fn usable_out(out: &std::path::Path) -> Result<(), String> {
    if out.exists() && !out.is_dir() {
        return Err(format!(
            "`--out {}` is a file; --out names the folder of the crate to write",
            out.display()
        ));
    }
    Ok(())
}

fn workspace_jobs() -> Result<Vec<Job>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    Ok(find_clients(&cwd)?.into_iter().map(Job::Listed).collect())
}

/// Generates one client; `skipping` says whether `--skip-unsupported` was given (without it,
/// a spec whose problems can all be left out says so after them).
fn generate(job: &Job, show_timings: bool, skipping: bool, console: &mut Console) -> ExitCode {
    let output = match job.generator().generate() {
        Ok(output) => output,
        Err(e) => {
            let status = fail(console, &e);
            if !skipping && e.skippable() {
                console.err_line(
                    "help: `clientgen generate --skip-unsupported` leaves out the operations and \
                     schemas that hold these problems (and lists them) and generates the rest",
                );
            }
            return status;
        }
    };
    let style = Style::for_terminal(&std::io::stderr());
    for d in &output.skipped {
        console.err_line(&d.render(Severity::Skipped, style));
    }
    for d in &output.warnings {
        console.err_line(&d.render(Severity::Warning, style));
    }
    let start = std::time::Instant::now();
    let report = match output.write_to(&job.out()) {
        Ok(report) => report,
        Err(e) => return fail(console, &e),
    };
    let write = start.elapsed();
    console.err_line(&format!(
        "{}: {} written, {} unchanged, {} removed",
        job.out().display(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    ));
    if show_timings {
        let t = output.timings;
        let ms = |d: std::time::Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        console.err_line(&format!(
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
        ));
    }
    ExitCode::SUCCESS
}

fn check(jobs: &[Job], console: &mut Console) -> ExitCode {
    let mut stale = false;
    for job in jobs {
        let output = match job.generator().generate() {
            Ok(output) => output,
            Err(e) => return fail(console, &e),
        };
        let differences = output.compare_with(&job.out());
        if differences.is_empty() {
            console.err_line(&format!("{}: up to date", job.out().display()));
            continue;
        }
        stale = true;
        console.out(&job.generator().check_report(&job.out(), &differences));
        console.err_line(&format!(
            "{}: out of date; regenerate with `{}`",
            job.out().display(),
            job.regenerate()
        ));
    }
    if stale {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn diff(args: &DiffArgs, console: &mut Console) -> ExitCode {
    match clientgen::diff::diff_specs_overlaid(&args.old, &args.new, &args.overlays) {
        Ok((report, warnings)) => {
            let style = Style::for_terminal(&std::io::stderr());
            for d in &warnings {
                console.err_line(&d.render(Severity::Warning, style));
            }
            console.out(&report.to_string());
            ExitCode::SUCCESS
        }
        Err(e) => fail(console, &e),
    }
}

fn overlay(args: &OverlayArgs, console: &mut Console) -> ExitCode {
    let generator = args
        .overlays
        .iter()
        .fold(Generator::new(&args.spec), |g, o| g.overlay(o));
    match generator.overlaid() {
        Ok(overlaid) => {
            let style = Style::for_terminal(&std::io::stderr());
            for d in &overlaid.warnings {
                console.err_line(&d.render(Severity::Warning, style));
            }
            console.out(&overlaid.text);
            ExitCode::SUCCESS
        }
        Err(e) => fail(console, &e),
    }
}

/// Everything the command prints, on standard output or standard error. A stream whose reader
/// went away (`clientgen check 2>&1 | head -n 1`) is written no more, without a word: the
/// command goes on and ends with the status it would have had if the output had been read.
#[derive(Default)]
struct Console {
    out_closed: bool,
    err_closed: bool,
}

impl Console {
    /// Prints `text` as it is on standard output.
    fn out(&mut self, text: &str) {
        print_to(&mut std::io::stdout().lock(), &mut self.out_closed, text);
    }

    /// Prints `text` as it is on standard error.
    fn err(&mut self, text: &str) {
        print_to(&mut std::io::stderr().lock(), &mut self.err_closed, text);
    }

    /// Prints `line` and a line break on standard error.
    fn err_line(&mut self, line: &str) {
        self.err(&format!("{line}\n"));
    }
}

/// Writes `text` to `stream` unless it was found closed; an error closes it for good.
fn print_to(stream: &mut impl Write, closed: &mut bool, text: &str) {
    if *closed {
        return;
    }
    if stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        *closed = true;
    }
}

fn fail(console: &mut Console, e: &Error) -> ExitCode {
    match e {
        Error::Spec(problems) => {
            console.err_line(&problems.render(Style::for_terminal(&std::io::stderr())));
        }
        e => console.err_line(&e.to_string()),
    }
    ExitCode::from(1)
}
