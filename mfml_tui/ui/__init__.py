"""The tutor in the terminal: a Textual app (`mfml_tui.ui.app.TutorApp`), its screens, widgets and dialogs.

Importing this package is cheap; the app module is imported by `mfml_tui.commands.app_cmd`.
"""
