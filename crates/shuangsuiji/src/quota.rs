//! Quota arithmetic (being written).
