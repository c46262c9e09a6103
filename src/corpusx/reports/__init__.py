"""Reading mention output back: summary, evaluation, highlighting, rendering."""
