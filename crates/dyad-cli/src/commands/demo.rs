//! `dyad demo`: ingest the bundled sample corpus into a fresh store, serve
//! it, and print the dashboard's URL.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::{Incoming, Pipeline, Settings, Store};

use crate::{messages, Status};

include!(concat!(env!("OUT_DIR"), "/demo_corpus.rs"));

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Where to build the demo store (replaced if it exists).
    #[arg(long, default_value = "dyad-demo.db")]
    db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "DYAD_ADDR")]
    addr: SocketAddr,
    /// Build the store and exit without serving.
    #[arg(long)]
    no_serve: bool,
    /// Replace --db even when it is not the default demo file (it may hold
    /// your own data).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    net: super::serve::NetArgs,
}

/// Builds a store from the bundled corpus.
pub(crate) fn build(db: &std::path::Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    let (pipeline, problems) = Pipeline::new(&Settings::default());
    for p in &problems {
        messages::warning(&format!("dictionary {p}"));
    }
    let mut store = Store::open(db).with_context(|| format!("creating {}", db.display()))?;
    let batch: Vec<Incoming> = DEMO_CORPUS
        .iter()
        .map(|(name, text)| {
            let id = name.trim_end_matches(".txt");
            let (article, _) = dyad_ingest::parse_text_document(id, text);
            Incoming { article, origin: format!("examples/corpus/{name}") }
        })
        .collect();
    let r = pipeline.ingest(&mut store, batch)?;
    let s = store.stats()?;
    messages::info(&format!(
        "demo store {}: {} documents ({} near-duplicates), {} mentions, {} events ({} with conflicts or disputes)",
        db.display(),
        r.new,
        r.near_duplicates,
        s.mentions,
        s.events,
        s.conflicts
    ));
    Ok(())
}

pub(crate) fn run(args: DemoArgs) -> anyhow::Result<Status> {
    let demo_file = args.db.file_name().is_some_and(|n| n == "dyad-demo.db");
    if args.db.exists() && !demo_file && !args.force {
        anyhow::bail!(
            "{} exists and the demo would replace it; pass --force to do so, or choose another --db",
            args.db.display()
        );
    }
    // The port first: when it is busy (another demo serving this very
    // store, say) nothing is touched.
    let listener = if args.no_serve {
        None
    } else {
        Some(dyad_serve::bind(args.addr).with_context(|| format!("cannot bind {}", args.addr))?)
    };
    build(&args.db)?;
    let Some(listener) = listener else { return Ok(Status::Ok) };
    let settings =
        args.net.apply(dyad_serve::Settings { db: args.db, addr: args.addr, ..dyad_serve::Settings::default() });
    super::serve::serve(listener, settings)
}
