//! Command line contract (DESIGN.md §3).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "yearend",
    version,
    about = "Year-end rollover (年结) of hospital medical e-invoice databases"
)]
pub struct Cli {
    /// Fix "today" for deadlines (rehearsals, tests).
    #[arg(long, global = true, env = "YEAREND_TODAY", value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Language of what a person reads: zh-CN (default, whatever LANG says) or en.
    #[arg(long, global = true, env = "YEAREND_LANG", value_name = "zh-CN|en", value_parser = crate::i18n::Lang::parse)]
    pub lang: Option<crate::i18n::Lang>,
    /// Every statement on a line of its own (plan) and each statement's outcome (run); without it, one line per table.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct YearArg {
    /// The year being opened (2027 for the December 2026 rollover); default: next year in December, the year just opened in January, else it must be given.
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct StateArg {
    /// State directory; default yearend-state/<site code>/<year>/ beside the site file (or the site's state_dir:).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FleetSort {
    State,
    Code,
    Due,
    Age,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint a plan (and a site): file:line:column errors.
    Validate {
        #[arg(long)]
        plan: PathBuf,
        #[arg(long)]
        site: Option<PathBuf>,
        /// Print the plan as it resolves (after extends, with the timetable) as YAML.
        #[arg(long)]
        print: bool,
    },
    /// Draft a site file from the database's catalog (read-only) or a snapshot, for the engineer to complete.
    Init {
        /// The database to read (no password in it: YEAREND_DB_PASSWORD or a prompt).
        #[arg(long)]
        url: Option<String>,
        /// Read a snapshot (`yearend snapshot`) instead of a database.
        #[arg(long, conflicts_with = "url")]
        snapshot: Option<PathBuf>,
        /// The site file to write (never overwritten).
        #[arg(long = "site-out")]
        site_out: PathBuf,
    },
    /// Compare two plans as they resolve: steps added, removed and changed, due dates, query files by content.
    Diff {
        /// The plan compared from.
        a: PathBuf,
        /// The plan compared to.
        b: PathBuf,
    },
    /// Dry-run: reads only, prints every check and exact statement.
    Plan {
        #[arg(long)]
        plan: PathBuf,
        #[arg(long)]
        site: PathBuf,
        #[command(flatten)]
        year: YearArg,
        /// Plan offline from a snapshot instead of a live database.
        #[arg(long)]
        snapshot: Option<PathBuf>,
        /// Save the statements with a fingerprint, for `run --saved`.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        state: StateArg,
    },
    /// Execute the plan; resumes if a journal exists.
    Run {
        #[arg(long)]
        plan: PathBuf,
        #[arg(long)]
        site: PathBuf,
        #[command(flatten)]
        year: YearArg,
        /// Run only what a saved plan (from `plan --out`) holds, if the database still matches it.
        #[arg(long)]
        saved: Option<PathBuf>,
        /// Do not ask before executing statements.
        #[arg(long)]
        yes: bool,
        /// Who runs it (journaled; needed to confirm manual steps).
        #[arg(long, env = "YEAREND_OPERATOR")]
        operator: Option<String>,
        /// Confirm a manual step as done, or what a step waits for (repeatable).
        #[arg(long, value_name = "STEP")]
        confirm: Vec<String>,
        /// Accept a plan that changed since the journal's run started (journaled).
        #[arg(long)]
        replan: bool,
        /// Extend only this table now (repeatable): the plan's tablespaces and partitions steps,
        /// scoped to it, through the same guard, journal and verification; nothing else runs.
        #[arg(long, value_name = "SCHEMA.TABLE")]
        only: Vec<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        state: StateArg,
    },
    /// Re-check everything the plan checks, reading only (the evening of 12-31, the morning of
    /// 01-01): anything still to do is a finding; the verdict is kept for status and fleet.
    Verify {
        #[arg(long)]
        plan: PathBuf,
        #[arg(long)]
        site: PathBuf,
        #[command(flatten)]
        year: YearArg,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        state: StateArg,
    },
    /// Progress from the journal.
    Status {
        #[arg(long)]
        site: PathBuf,
        #[command(flatten)]
        year: YearArg,
        #[arg(long)]
        json: bool,
        /// The journal's head hash as pasted in the 工单 (at least its first 12 characters): the
        /// journal must end exactly there.
        #[arg(long)]
        head: Option<String>,
        /// Also compare the journal with the database now: every partition and tablespace a done
        /// statement created must still exist.
        #[arg(long)]
        live: bool,
        #[command(flatten)]
        state: StateArg,
    },
    /// Evidence for the ticket (zh-CN).
    Report {
        #[arg(long)]
        site: PathBuf,
        #[command(flatten)]
        year: YearArg,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Who reviewed the rollover (the tech center or 信息科): printed in the report's
        /// signature block.
        #[arg(long, value_name = "NAME")]
        reviewer: Option<String>,
        /// Also compare the journal with the database now: every partition and tablespace a done
        /// statement created must still exist.
        #[arg(long)]
        live: bool,
        /// Write the evidence bundle for the 工单: report.html, report.md, the journal, the plan
        /// and SHA256SUMS in one .tar.gz.
        #[arg(long, value_name = "FILE.tar.gz")]
        bundle: Option<PathBuf>,
        #[command(flatten)]
        state: StateArg,
    },
    /// Check an evidence bundle: every file against SHA256SUMS, the journal's hash chain, and the
    /// head hash pasted in the 工单.
    VerifyBundle {
        bundle: PathBuf,
        /// The journal's head hash as pasted in the 工单 (at least its first 12 characters).
        #[arg(long)]
        head: Option<String>,
    },
    /// The clock step alone.
    Clock {
        #[arg(long)]
        site: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Is this machine ready? glibc, Oracle client, NLS_LANG, state directory, hosts reachable.
    Doctor {
        #[arg(long)]
        site: Option<PathBuf>,
        #[command(flatten)]
        state: StateArg,
    },
    /// Read-only catalog export.
    Snapshot {
        #[arg(long)]
        site: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Shell completions for bash, zsh, fish, … (printed to stdout).
    Completions { shell: clap_complete::Shell },
    /// The man page, generated from this command-line definition (printed to stdout).
    Man,
    /// Many hospitals' state directories: done / late / failing.
    Fleet {
        /// Directories holding state directories and/or evidence bundles.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// A YAML list of {site, plan}: every hospital in it is shown, received or not.
        #[arg(long, value_name = "ROSTER")]
        roster: Option<PathBuf>,
        #[command(flatten)]
        year: YearArg,
        /// Order: state (the ones that need attention first, the default), code, due or age.
        #[arg(long, value_enum, default_value = "state")]
        sort: FleetSort,
        #[arg(long)]
        json: bool,
        /// Also write the table as one self-contained HTML file.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
}
