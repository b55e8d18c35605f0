use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = msb::cli::Cli::parse();
    let mut stdout = std::io::stdout().lock();
    // Not locked for the whole run: the Ctrl-C handler writes to stderr from its own thread.
    let mut stderr = std::io::stderr();
    match msb::run(cli, &mut stdout, &mut stderr) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            use std::io::Write;
            let text = msb::report::terminal_safe(&error.to_string()).into_owned();
            let _ = writeln!(stderr, "error: {text}");
            if let Some(hint) = error.hint() {
                let _ = writeln!(stderr, "  hint: {hint}");
            }
            ExitCode::from(error.exit_code())
        }
    }
}
