//! The committed example output in `out/` must be what the README's command writes today.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_example_output_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("gazegraph-examples-{}", std::process::id()));
    let o = Command::new(env!("CARGO_BIN_EXE_gazegraph"))
        .current_dir(root)
        .args(["extract", "examples/corpus", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for file in ["graph.dot", "graph.graphml"] {
        let fresh = std::fs::read_to_string(dir.join(file)).unwrap();
        let committed = std::fs::read_to_string(root.join("out").join(file)).unwrap_or_default();
        assert!(
            fresh == committed,
            "out/{file} is stale: run `cargo run --release -- extract examples/corpus` and commit out/"
        );
    }
}
