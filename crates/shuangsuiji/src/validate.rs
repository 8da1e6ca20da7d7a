//! Validation of the two libraries (placeholder; being written).
