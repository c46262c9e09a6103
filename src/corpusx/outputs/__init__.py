"""The mention record and how it is written."""
