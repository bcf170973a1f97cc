"""Prefect flows and the sources they fetch and parse."""
