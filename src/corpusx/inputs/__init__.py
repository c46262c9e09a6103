"""Finding input files and decoding them into documents."""
