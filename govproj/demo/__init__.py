"""The demo data and the evaluation sets: built on every app, imported by none."""
