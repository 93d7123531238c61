//! The schema and its migrations, one function per version.

use rusqlite::Connection;

use crate::{Error, Result};

/// The schema version this build writes.
pub(crate) const VERSION: i64 = 7;

/// Brings a database to [`VERSION`], applying each migration in its own
/// transaction. A database from a newer dyad is refused rather than damaged.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    // Up to date: no write lock needed (another process may be writing).
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == VERSION {
        return Ok(());
    }
    loop {
        // Each step reads the version inside its own write transaction, so
        // two processes opening one file migrate it once, in turn.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > VERSION {
            return Err(Error::Schema(format!(
                "the database is at schema version {current}; this dyad reads up to {VERSION}"
            )));
        }
        if current == VERSION {
            return Ok(());
        }
        let v = current + 1;
        match v {
            1 => v1(&tx)?,
            2 => v2(&tx)?,
            3 => v3(&tx)?,
            4 => v4(&tx)?,
            5 => v5(&tx)?,
            6 => v6(&tx)?,
            7 => v7(&tx)?,
            _ => unreachable!("no migration to version {v}"),
        }
        tx.pragma_update(None, "user_version", v)?;
        tx.commit()?;
    }
}

fn v1(c: &Connection) -> Result<()> {
    c.execute_batch(
        "
        CREATE TABLE documents (
            id          INTEGER PRIMARY KEY,
            hash        TEXT NOT NULL UNIQUE,   -- content hash: re-ingesting adds nothing
            ext_id      TEXT NOT NULL,          -- the id the input gave (file stem, JSONL id)
            title       TEXT,
            date        TEXT,
            source      TEXT,
            url         TEXT,
            origin      TEXT,                   -- file (and record) it was read from
            text        TEXT NOT NULL,
            sentences   INTEGER NOT NULL,
            cluster     INTEGER NOT NULL,       -- near-duplicate cluster: id of its first document
            signature   BLOB NOT NULL
        );
        CREATE INDEX documents_cluster ON documents(cluster);
        CREATE INDEX documents_date ON documents(date);

        CREATE TABLE doc_bands (
            band INTEGER NOT NULL,
            doc  INTEGER NOT NULL REFERENCES documents(id),
            PRIMARY KEY (band, doc)
        ) WITHOUT ROWID;

        CREATE TABLE mentions (
            id              INTEGER PRIMARY KEY,
            doc             INTEGER NOT NULL REFERENCES documents(id),
            sentence        INTEGER NOT NULL,
            span_start      INTEGER NOT NULL,
            span_end        INTEGER NOT NULL,
            text            TEXT NOT NULL,
            source_json     TEXT NOT NULL,
            target_json     TEXT NOT NULL,
            cameo           TEXT NOT NULL,
            cameo_root      TEXT NOT NULL,
            plover          TEXT NOT NULL,
            quad_class      INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            date            TEXT,
            date_precision  TEXT,
            date_basis      TEXT NOT NULL,
            modality        TEXT NOT NULL,
            quantities_json TEXT NOT NULL,
            evidence_json   TEXT NOT NULL
        );
        CREATE INDEX mentions_doc ON mentions(doc);

        -- One row per source→target pair of a mention: what fusion groups.
        CREATE TABLE dyads (
            mention         INTEGER NOT NULL REFERENCES mentions(id),
            key             TEXT NOT NULL,
            stable          TEXT NOT NULL,
            source          TEXT NOT NULL,
            source_country  TEXT NOT NULL,
            target          TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            source_text     TEXT NOT NULL,
            target_text     TEXT NOT NULL,
            event           INTEGER
        );
        CREATE INDEX dyads_key ON dyads(key);
        CREATE INDEX dyads_mention ON dyads(mention);
        CREATE INDEX dyads_event ON dyads(event);

        CREATE TABLE events (
            id              INTEGER PRIMARY KEY,
            key             TEXT NOT NULL,
            source          TEXT NOT NULL,
            source_country  TEXT NOT NULL,
            source_name     TEXT NOT NULL,
            target          TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            target_name     TEXT NOT NULL,
            source_url      TEXT,
            cameo           TEXT NOT NULL,
            cameo_root      TEXT NOT NULL,
            plover          TEXT NOT NULL,
            quad_class      INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            date            TEXT,
            date_precision  TEXT,
            day_start       INTEGER NOT NULL,      -- first and last day the date covers, as days since
            day_end         INTEGER NOT NULL,      -- 1970-01-01; undated events sort last (i64::MAX)
            first_report    TEXT,
            last_report     TEXT,
            num_mentions    INTEGER NOT NULL,
            num_sources     INTEGER NOT NULL,
            num_articles    INTEGER NOT NULL,
            modality        TEXT NOT NULL,
            disputed        INTEGER NOT NULL,
            conflict        INTEGER NOT NULL,
            quantities_json TEXT NOT NULL
        );
        CREATE INDEX events_key ON events(key);
        CREATE INDEX events_pair ON events(source_country, target_country, day_start, id);
        CREATE INDEX events_source ON events(source_country, day_start, id);
        CREATE INDEX events_target ON events(target_country, day_start, id);
        CREATE INDEX events_source_code ON events(source, day_start, id);
        CREATE INDEX events_target_code ON events(target, day_start, id);
        CREATE INDEX events_day ON events(day_start, id);
        CREATE INDEX events_plover ON events(plover, day_start, id);
        CREATE INDEX events_disputes ON events(day_start, id) WHERE conflict = 1 OR disputed = 1;

        -- Rollups kept per fusion key, rebuilt with its events: timelines and
        -- dyad rankings read these instead of scanning the events.
        CREATE TABLE key_periods (
            key             TEXT NOT NULL,
            source_country  TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            period          TEXT NOT NULL,        -- YYYY-MM, or YYYY for year-precision events
            quad_class      INTEGER NOT NULL,
            events          INTEGER NOT NULL,
            goldstein       REAL NOT NULL
        );
        CREATE INDEX key_periods_key ON key_periods(key);
        CREATE INDEX key_periods_pair ON key_periods(source_country, target_country, period, quad_class, events, goldstein);
        CREATE INDEX key_periods_target ON key_periods(target_country, source_country, period, quad_class, events, goldstein);

        -- Full-text search over documents (an external-content FTS5 index).
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id');

        CREATE TABLE key_totals (
            key             TEXT NOT NULL,
            source_country  TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            events          INTEGER NOT NULL,
            mentions        INTEGER NOT NULL,
            goldstein       REAL NOT NULL
        );
        CREATE INDEX key_totals_key ON key_totals(key);
        ",
    )?;
    Ok(())
}

/// Version 2: country-level rollups, so that an actor's timeline and the
/// network of a period read hundreds of rows instead of every key's.
/// Maintained by deltas when a key's rollup rows are rebuilt.
fn v2(c: &Connection) -> Result<()> {
    c.execute_batch(
        "
        -- Events per directed country pair, period and quad class.
        CREATE TABLE pair_periods (
            source_country  TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            period          TEXT NOT NULL,
            quad_class      INTEGER NOT NULL,
            events          INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            PRIMARY KEY (source_country, target_country, period, quad_class)
        ) WITHOUT ROWID;
        CREATE INDEX pair_periods_period ON pair_periods(period, source_country, target_country, events, goldstein);

        -- Events per country (as source or target; once if both), period and quad class.
        CREATE TABLE actor_periods (
            country         TEXT NOT NULL,
            period          TEXT NOT NULL,
            quad_class      INTEGER NOT NULL,
            events          INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            PRIMARY KEY (country, period, quad_class)
        ) WITHOUT ROWID;

        INSERT INTO pair_periods
            SELECT source_country, target_country, period, quad_class, sum(events), sum(goldstein)
            FROM key_periods GROUP BY source_country, target_country, period, quad_class;
        INSERT INTO actor_periods
            SELECT country, period, quad_class, sum(events), sum(goldstein) FROM (
                SELECT source_country AS country, period, quad_class, events, goldstein FROM key_periods
                UNION ALL
                SELECT target_country, period, quad_class, events, goldstein FROM key_periods
                WHERE target_country != source_country)
            GROUP BY country, period, quad_class;
        ",
    )?;
    Ok(())
}

/// Version 3: each mention's confidence (0 for mentions stored before it).
fn v3(c: &Connection) -> Result<()> {
    c.execute_batch("ALTER TABLE mentions ADD COLUMN confidence REAL NOT NULL DEFAULT 0;")?;
    Ok(())
}

/// Version 4: where events happened and how their documents sound. A
/// mention's location (JSON, as `dyad code` writes it), a document's tone,
/// and per event its chosen location with its country and coordinates
/// (for `--country` and `--near`) and the mean tone of its documents.
/// Older rows keep NULL: no location, no tone.
fn v4(c: &Connection) -> Result<()> {
    c.execute_batch(
        "
        ALTER TABLE documents ADD COLUMN tone REAL;
        ALTER TABLE mentions ADD COLUMN location_json TEXT;
        ALTER TABLE events ADD COLUMN location_json TEXT;
        ALTER TABLE events ADD COLUMN place_country TEXT;
        ALTER TABLE events ADD COLUMN lat REAL;
        ALTER TABLE events ADD COLUMN lon REAL;
        ALTER TABLE events ADD COLUMN avg_tone REAL;
        CREATE INDEX events_place_country ON events(place_country, day_start, id);
        CREATE INDEX events_lat ON events(lat) WHERE lat IS NOT NULL;
        ",
    )?;
    Ok(())
}

/// Version 5: each pair's window, so that a batch re-fuses only the
/// events it can change. `day_lo`/`day_hi` are the days its date supports,
/// `wide_lo`/`wide_hi` the days it may reach when corroborated (day
/// numbers), `units` the units of its figures (`|`-separated); NULL windows
/// (undated pairs, and pairs stored before version 5 until their key is
/// next re-fused) make their key re-fused whole.
fn v5(c: &Connection) -> Result<()> {
    c.execute_batch(
        "
        ALTER TABLE dyads ADD COLUMN day_lo INTEGER;
        ALTER TABLE dyads ADD COLUMN day_hi INTEGER;
        ALTER TABLE dyads ADD COLUMN wide_lo INTEGER;
        ALTER TABLE dyads ADD COLUMN wide_hi INTEGER;
        ALTER TABLE dyads ADD COLUMN units TEXT NOT NULL DEFAULT '';
        CREATE INDEX dyads_window ON dyads(key, wide_lo);
        ",
    )?;
    Ok(())
}

/// Version 6: rollups that answer the dashboard's aggregates from a few
/// thousand rows whatever the store's size, kept by the same deltas as
/// the others when a key's events are re-fused (`write.rs`), and each
/// document's dateline.
///
/// - `pair_totals`: events, mentions and Goldstein sum per directed pair
///   of states, all time (undated events included): rankings and the
///   all-time network.
/// - `pair_months` and `pair_years`: the same per period (`YYYY-MM`, or
///   `YYYY` for year-precision events) and per year (every event dated
///   in it): the network of a period reads whole years from the second
///   and the months at its ends from the first.
/// - `category_periods`: per period (`''` for undated events), PLOVER
///   category and quad class, the events, their mentions, Goldstein sum,
///   conflicts and disputed ones: categories by year and the summary
///   tiles of views filtered by date, category and quad class only.
///
/// One-sided events are no pair: the pair tables leave them out, as
/// `pair_periods` does. A row that counts no event any more may stay
/// with `events = 0`: readers skip it.
fn v6(c: &Connection) -> Result<()> {
    c.execute_batch(
        "
        ALTER TABLE documents ADD COLUMN dateline TEXT;   -- as the input gave it (`CARACAS, May 25`)

        CREATE TABLE pair_totals (
            source_country  TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            events          INTEGER NOT NULL,
            mentions        INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            PRIMARY KEY (source_country, target_country)
        ) WITHOUT ROWID;
        CREATE INDEX pair_totals_rank ON pair_totals(events DESC, mentions DESC, source_country, target_country, goldstein);

        CREATE TABLE pair_months (
            period          TEXT NOT NULL,        -- YYYY-MM, or YYYY for year-precision events
            source_country  TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            events          INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            PRIMARY KEY (period, source_country, target_country)
        ) WITHOUT ROWID;

        CREATE TABLE pair_years (
            year            TEXT NOT NULL,        -- YYYY: every event dated within the year
            source_country  TEXT NOT NULL,
            target_country  TEXT NOT NULL,
            events          INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            PRIMARY KEY (year, source_country, target_country)
        ) WITHOUT ROWID;

        CREATE TABLE category_periods (
            period          TEXT NOT NULL,        -- YYYY-MM, YYYY for year-precision events, '' undated
            plover          TEXT NOT NULL,
            quad_class      INTEGER NOT NULL,
            events          INTEGER NOT NULL,
            mentions        INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            conflicts       INTEGER NOT NULL,     -- events with conflict = 1 OR disputed = 1
            disputed        INTEGER NOT NULL,
            PRIMARY KEY (period, plover, quad_class)
        ) WITHOUT ROWID;

        INSERT INTO pair_totals
            SELECT source_country, target_country, sum(events), sum(mentions), sum(goldstein) FROM key_totals
            WHERE source_country != '' AND target_country != '' GROUP BY source_country, target_country;
        INSERT INTO pair_months
            SELECT period, source_country, target_country, sum(events), sum(goldstein) FROM pair_periods
            GROUP BY period, source_country, target_country;
        INSERT INTO pair_years
            SELECT substr(period, 1, 4), source_country, target_country, sum(events), sum(goldstein) FROM pair_periods
            GROUP BY substr(period, 1, 4), source_country, target_country;
        INSERT INTO category_periods
            SELECT CASE WHEN date IS NULL THEN '' WHEN length(date) = 4 THEN date ELSE substr(date, 1, 7) END AS p,
                   plover, quad_class, count(*), sum(num_mentions), sum(goldstein),
                   sum(conflict = 1 OR disputed = 1), sum(disputed = 1)
            FROM events GROUP BY p, plover, quad_class;
        ",
    )?;
    Ok(())
}

/// Version 7: the network of a period and categories by year read fewer
/// rows (issue 14: at 32 connections on two cores a decade's network,
/// summing 13,000 rows a request, waited 400 ms).
///
/// - `pair_month_packs` and `pair_year_packs` replace `pair_months` and
///   `pair_years`: one row per period (or year) whose `pairs` blob holds
///   every pair's events and Goldstein sum (`rollup::encode`), so a decade
///   reads ten rows. The writer changes each pack once per batch, at
///   commit, by the same deltas.
/// - `category_years`: `category_periods` per year (its months and its
///   year-precision events), for categories by year.
///
/// Filled here from the version-6 rollups, in place: the packs hold
/// exactly the values of the rows they replace.
fn v7(c: &Connection) -> Result<()> {
    c.execute_batch(
        "
        CREATE TABLE pair_month_packs (
            period          TEXT NOT NULL PRIMARY KEY,   -- YYYY-MM, or YYYY for year-precision events
            pairs           BLOB NOT NULL                -- every pair's events and Goldstein sum
        ) WITHOUT ROWID;

        CREATE TABLE pair_year_packs (
            year            TEXT NOT NULL PRIMARY KEY,   -- YYYY: every event dated within the year
            pairs           BLOB NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE category_years (
            year            TEXT NOT NULL,               -- YYYY: every event dated within the year
            plover          TEXT NOT NULL,
            quad_class      INTEGER NOT NULL,
            events          INTEGER NOT NULL,
            mentions        INTEGER NOT NULL,
            goldstein       REAL NOT NULL,
            conflicts       INTEGER NOT NULL,
            disputed        INTEGER NOT NULL,
            PRIMARY KEY (year, plover, quad_class)
        ) WITHOUT ROWID;

        INSERT INTO category_years
            SELECT substr(period, 1, 4) AS y, plover, quad_class, sum(events), sum(mentions), sum(goldstein),
                   sum(conflicts), sum(disputed)
            FROM category_periods WHERE period != '' GROUP BY y, plover, quad_class;
        ",
    )?;
    for (old, column, pack) in
        [("pair_months", "period", "pair_month_packs"), ("pair_years", "year", "pair_year_packs")]
    {
        let mut read = c.prepare(&format!(
            "SELECT {column}, source_country, target_country, events, goldstein FROM {old} \
             ORDER BY {column}, source_country, target_country"
        ))?;
        let mut write = c.prepare(&format!("INSERT INTO {pack} ({column}, pairs) VALUES (?1, ?2)"))?;
        let mut rows = read.query([])?;
        let mut current: Option<(String, crate::rollup::Pairs)> = None;
        let mut put = |p: Option<(String, crate::rollup::Pairs)>| -> Result<()> {
            if let Some((period, pairs)) = p.filter(|(_, pairs)| !pairs.is_empty()) {
                write.execute(rusqlite::params![period, crate::rollup::encode(&pairs)])?;
            }
            Ok(())
        };
        while let Some(r) = rows.next()? {
            let period: String = r.get(0)?;
            let (n, g): (i64, f64) = (r.get(3)?, r.get(4)?);
            if current.as_ref().is_none_or(|(p, _)| *p != period) {
                put(current.take())?;
                current = Some((period, crate::rollup::Pairs::new()));
            }
            // As the writer keeps packs: a pair that counts and sums nothing
            // is left out (it adds nothing to any sum).
            if let Some((_, pairs)) = current.as_mut().filter(|_| n != 0 || g != 0.0) {
                pairs.insert((r.get(1)?, r.get(2)?), (n, g));
            }
        }
        put(current)?;
    }
    c.execute_batch("DROP TABLE pair_months; DROP TABLE pair_years;")?;
    Ok(())
}
