//! The `recto` binary: see [`recto::cli`].

/// mimalloc rather than the system allocator: a build allocates many small
/// objects (glyph runs, lines, XHTML strings) and a few large buffers, and
/// mimalloc reuses both without returning pages to the system in between.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(recto::cli::main());
}
