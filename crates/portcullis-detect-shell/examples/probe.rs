//! Prints the analysis of each line of stdin (development aid).
use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap_or_default();
        let a = portcullis_detect_shell::analyze(&line);
        let codes: Vec<String> = a
            .findings
            .iter()
            .map(|f| format!("{}({})", f.code, f.risk))
            .collect();
        println!("{line}\n   codes={codes:?} unparseable={}", a.unparseable);
        if std::env::args().any(|x| x == "-v") {
            for c in &a.commands {
                println!(
                    "   cmd {} {:?} wr={:?} d={}",
                    c.name,
                    c.args
                        .iter()
                        .map(portcullis_detect_shell::Word::as_str)
                        .collect::<Vec<_>>(),
                    c.wrappers,
                    c.depth
                );
            }
            for p in &a.paths {
                println!("   path {:?} {} ({})", p.access, p.path, p.command);
            }
            for n in &a.network {
                println!(
                    "   net {:?} {} ({}) {:?}",
                    n.kind, n.target, n.command, n.files
                );
            }
            for f in &a.findings {
                println!("   finding {} {}", f.code, f.message);
            }
        }
    }
}
