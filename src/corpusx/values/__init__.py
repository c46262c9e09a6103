"""Normalised values of DATE and MONEY mentions."""
