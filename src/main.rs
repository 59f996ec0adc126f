//! The `yearend` binary: parse the command line, run, map errors to exit codes.

use clap::FromArgMatches;
use yearend::{app, cli, error, secrets};

fn main() {
    // --help in the reader's language (zh-CN unless --lang en / YEAREND_LANG=en).
    let args: Vec<String> = std::env::args().collect();
    let matches = yearend::help::command(&args).get_matches_from(&args);
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    yearend::i18n::set_lang(cli.lang.unwrap_or(yearend::i18n::Lang::ZhCn));
    let code = match app::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", secrets::redact(&format!("{e:#}")));
            error::exit_code(&e)
        }
    };
    std::process::exit(code);
}
