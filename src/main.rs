//! The `yearend` binary: parse the command line, run, map errors to exit codes.

use clap::Parser;
use yearend::{app, cli, error, secrets};

fn main() {
    let cli = cli::Cli::parse();
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
