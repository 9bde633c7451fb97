"""One module per file format, each with read and write."""
