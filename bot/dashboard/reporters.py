"""Placeholder: filled in by issue 11 work in progress."""
