//! The `stancer` binary: parses flags, calls the library, sets the exit code.
//!
//! Exit codes: 0 success; 1 the run finished but some input records could not be scored
//! (their error rows are in the output); 2 an error stopped the run (bad input, bad flags,
//! unreadable model). A closed output pipe ends the run quietly with 0.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    let code = match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("stancer: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
