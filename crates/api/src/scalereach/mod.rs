//! ScaleReach's dialect. Today: how its caption template ids name reelcut's looks (the
//! routes build on this).

pub mod names;
