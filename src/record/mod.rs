//! Stage 6, journal: what a run leaves in its state directory — the hash-chained journal and its seal, the
//! resolved plan, the lock, saved plans, verifications. May not use run, steps, evidence or app;
//! it reads the database only to fingerprint a saved plan (db).

pub mod history;
pub mod journal;
pub mod saved;
pub mod seal;
pub mod spill;
pub mod state;
pub mod verification;
