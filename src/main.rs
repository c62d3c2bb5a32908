//! The `recto` binary: the command line ([`cli`]) over the `recto` library.

mod cli;

/// mimalloc rather than the system allocator: a build allocates many small
/// objects (glyph runs, lines, XHTML strings) and a few large buffers, and
/// mimalloc reuses both without returning pages to the system in between.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
