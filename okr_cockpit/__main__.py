"""Lets `python -m okr_cockpit` behave like the `okr-cockpit` command."""

from okr_cockpit.cli import main

raise SystemExit(main())
