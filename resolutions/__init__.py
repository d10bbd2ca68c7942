"""The resolutions app of the General Assembly platform."""
