"""Every read and write of the cockpit, with validation and audit. Never imports Textual."""
