"""Helpers shared by the cross-service tests: compose projects and polling with a deadline."""
