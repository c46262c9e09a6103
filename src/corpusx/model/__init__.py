"""The spaCy pipeline, its rule components, and the engines that run it."""
