"""Bulk importers of outside sources: NUCC taxonomy, NPPES, Medicare volumes.

Each streams its file into PostgreSQL with COPY (constant memory), then works
set-based in SQL; the management commands call these services.
"""
