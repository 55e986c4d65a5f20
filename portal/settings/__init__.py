"""Settings package: base (shared), dev (embedded default), test, production.

Everything that differs between machines comes from environment variables; only
production insists on them.
"""
