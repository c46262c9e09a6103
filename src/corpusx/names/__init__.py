"""Names: label votes, untagged occurrences, canonical names."""
