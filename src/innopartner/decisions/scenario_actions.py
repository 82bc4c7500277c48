"""Scenario steps of this app, registered with the runner's ``@action`` decorator."""
