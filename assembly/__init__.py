"""The General Assembly platform: project package and core app."""
