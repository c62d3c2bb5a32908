//! SOURCE_DATE_EPOCH decides the build date (alone in its test binary,
//! because it sets an environment variable).

use std::path::Path;

#[test]
fn source_date_epoch_sets_the_build_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check/ok");
    std::env::remove_var("SOURCE_DATE_EPOCH");
    let book = recto::driver::load(&dir).unwrap().book;
    assert_eq!(
        book.build.date, book.meta.date,
        "without the variable: the book's date"
    );
    std::env::set_var("SOURCE_DATE_EPOCH", "1672876800");
    let book = recto::driver::load(&dir).unwrap().book;
    std::env::remove_var("SOURCE_DATE_EPOCH");
    assert_eq!(book.build.timestamp, 1_672_876_800);
    assert_eq!(book.build.date.iso(), "2023-01-05");
}
