//! The `yearend` binary: parse the command line, run, map errors to exit codes.

use clap::FromArgMatches;
use yearend::{app, app::cli, platform::error, platform::secrets};

// mimalloc: malloc and free were a third of a 2,000-table plan's CPU time under glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Commit arena memory as it is used, not ahead (mimalloc.h, `mi_option_e`: arena_eager_commit
/// = 4 in the 2.x headers), and give freed memory back after 10 ms (purge_delay = 15, its
/// default, said here so it is not left to an environment variable): a 2,000-table plan peaks at
/// 59 MiB. Purging at once (0) kept 53 MiB but cost 4 % more time in madvise.
/// Run from `.init_array`, before the Rust runtime's first allocation makes the first arena.
extern "C" fn tune_allocator() {
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: plain option setters, called before any thread or allocation of ours exists.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 10);
    }
}

#[used]
#[link_section = ".init_array"]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

fn main() {
    // --help in the reader's language (zh-CN unless --lang en / YEAREND_LANG=en).
    let mut args: Vec<String> = std::env::args().collect();
    // `yearend help run` is `yearend run --help`.
    if args.get(1).map(String::as_str) == Some("help") {
        args.remove(1);
        args.push("--help".into());
    }
    // Read as defined; only help, the version and errors need the localized command line, whose
    // Chinese words (and usage lines) would otherwise be built on every start.
    let plain = <cli::Cli as clap::CommandFactory>::command().try_get_matches_from(&args);
    let parsed = plain.or_else(|_| yearend::app::help::command(&args).try_get_matches_from(&args));
    let matches = match parsed {
        Ok(m) => m,
        // --help and --version in the terminal's encoding (a GBK terminal included).
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            yearend::platform::output::write_out(e.render().to_string().trim_end());
            std::process::exit(0);
        }
        Err(e) if yearend::app::help::wants_zh(&args) => {
            let usage = yearend::app::help::usage_for(&args);
            yearend::say_err!("{}", yearend::app::usage_zh::render_error(&e, &usage));
            std::process::exit(e.exit_code());
        }
        Err(e) => e.exit(),
    };
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    yearend::i18n::set_lang(cli.lang.unwrap_or(yearend::i18n::Lang::ZhCn));
    yearend::platform::output::set_verbose(cli.verbose);
    // Every command answers SIGINT, SIGTERM and SIGHUP within a second (README: signals).
    if let Err(e) = yearend::platform::interrupt::install() {
        yearend::say_err!("{}", yearend::msg!("error-line", text = e.to_string()));
        std::process::exit(3);
    }
    let code = match app::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            let text = yearend::msg!("error-line", text = secrets::redact(&format!("{e:#}")));
            yearend::say_err!("{text}");
            error::exit_code(&e)
        }
    };
    std::process::exit(code);
}
