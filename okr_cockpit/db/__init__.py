"""Engine, tables and migrations. Never imports Textual."""
