//! Committed pictures and example output must be what today's code writes: `out/` for the
//! example corpus (the README's command), and `docs/seeds.svg` for the seed articles when
//! `../shared/seeds` is present.

use std::path::Path;
use std::process::Command;

fn extract(args: &[&str], dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_gazegraph"))
        .current_dir(root)
        .arg("extract")
        .args(args)
        .arg("-o")
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn assert_same(fresh: &Path, committed: &str, regenerate: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fresh = std::fs::read(fresh).unwrap();
    let committed_bytes = std::fs::read(root.join(committed)).unwrap_or_default();
    assert!(
        fresh == committed_bytes,
        "{committed} is stale: run `{regenerate}` and commit it"
    );
}

#[test]
fn committed_example_output_is_current() {
    let dir = std::env::temp_dir().join(format!("gazegraph-examples-{}", std::process::id()));
    extract(&["examples/corpus"], &dir);
    for file in ["graph.dot", "graph.graphml", "graph.svg"] {
        assert_same(
            &dir.join(file),
            &format!("out/{file}"),
            "cargo run --release -- extract examples/corpus",
        );
    }
}

#[test]
fn committed_seeds_picture_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("../shared/seeds").is_dir() {
        eprintln!("skipped: ../shared/seeds is not present");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gazegraph-seeds-svg-{}", std::process::id()));
    extract(&["../shared/seeds", "--format", "svg"], &dir);
    assert_same(
        &dir.join("graph.svg"),
        "docs/seeds.svg",
        "cargo run --release -- extract ../shared/seeds --format svg -o /tmp/s && cp /tmp/s/graph.svg docs/seeds.svg",
    );
}
