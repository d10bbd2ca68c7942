"""The agenda app of the General Assembly platform."""
