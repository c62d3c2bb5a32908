//! Helpers shared by the integration tests that work on copies of
//! manuscript folders.

use std::path::Path;

/// Copies the folder `src` into `dst` (created if missing), recursively,
/// leaving out the files whose name is in `skip`.
pub fn copy_dir(src: &Path, dst: &Path, skip: &[&str]) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to, skip);
        } else if !skip.iter().any(|s| e.file_name() == *s) {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}
