//! The `yearend` binary: parse the command line, run, map errors to exit codes.

use clap::FromArgMatches;
use yearend::{app, cli, error, secrets};

fn main() {
    // --help in the reader's language (zh-CN unless --lang en / YEAREND_LANG=en).
    let args: Vec<String> = std::env::args().collect();
    let matches = match yearend::help::command(&args).try_get_matches_from(&args) {
        Ok(m) => m,
        // --help and --version in the terminal's encoding (a GBK terminal included).
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            yearend::output::write_out(e.render().to_string().trim_end());
            std::process::exit(0);
        }
        Err(e) => e.exit(),
    };
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    yearend::i18n::set_lang(cli.lang.unwrap_or(yearend::i18n::Lang::ZhCn));
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
