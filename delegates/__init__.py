"""The delegates app of the General Assembly platform."""
