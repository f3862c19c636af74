"""Staff of the partner organisations: dashboard accounts (no Flask here)."""
