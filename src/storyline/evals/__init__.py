"""Quality evaluations on public benchmark data (see docs/quality.md)."""
