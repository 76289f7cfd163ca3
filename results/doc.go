// Package results writes bubblelab's outputs in open formats that pandas, R,
// Polars and DuckDB read: Parquet (zstd) and CSV for tables, JSON Lines for
// events, JSON for summaries.
//
// Every file is written atomically, and a set of files is staged in a
// hidden folder and moved into place only when all of them are complete, so
// an interrupted or failed run leaves the previous outputs, never a mix or a
// half-written file. Output is deterministic: the same rows give the same
// bytes.
package results
