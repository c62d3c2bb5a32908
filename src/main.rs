//! The `quire` binary: see [`quire::cli`].

fn main() {
    std::process::exit(quire::cli::main());
}
