"""The programme and the legal agenda of a session."""
