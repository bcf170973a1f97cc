"""Rules that several raw tables share."""

ISO3 = r"^[A-Z]{3}$"
URL = r"^https?://"
QUALITY_GRADES = ["primary", "secondary", "tertiary"]
