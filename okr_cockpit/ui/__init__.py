"""The Textual user interface: app wiring, screens, dialogs and widgets."""
