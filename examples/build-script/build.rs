//! Generates the pet store client into `OUT_DIR` (see `src/lib.rs` for the `include!`).

fn main() {
    if let Err(error) = oasgen::build::Bindings::new("petstore.yaml")
        .server(false)
        .generate()
    {
        // A spec error fails the build with its location, like a compile error.
        eprintln!("{error}");
        std::process::exit(1);
    }
}
