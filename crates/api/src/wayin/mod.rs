//! WayinVideo's v2 dialect. Today: how its export options name reelcut's looks, layouts,
//! ratios, resolutions and hook styles (the routes build on this).

pub mod names;
