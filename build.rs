//! Builds the CPU view shim (`src/monitor/cpu_view/shim.c`) into a shared object that the
//! library embeds and writes out for `LD_PRELOAD` (see `src/monitor/cpu_view.rs`).

use std::env;
use std::path::PathBuf;

fn main() {
    let source = "src/monitor/cpu_view/shim.c";
    println!("cargo:rerun-if-changed={source}");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let shim = out.join("libgrade_cpu_view.so");
    let compiler = cc::Build::new().get_compiler();
    let status = compiler
        .to_command()
        .args(["-shared", "-fPIC", "-O2", "-Wall", "-o"])
        .arg(&shim)
        .arg(source)
        .arg("-ldl")
        .status()
        .expect("a C compiler is needed to build the CPU view shim");
    assert!(status.success(), "building the CPU view shim failed");
}
