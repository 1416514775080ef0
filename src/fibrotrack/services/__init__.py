"""Use cases that tie storage to the pure core. CLI and web call these, never storage directly."""
