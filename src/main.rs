fn main() {
    println!("quire {}", env!("CARGO_PKG_VERSION"));
}
