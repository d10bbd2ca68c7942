"""Draft resolutions, amendments, ballots and votes."""
