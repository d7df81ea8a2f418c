"""Scoring a run against gold (``score``) and writing its reports (``report``, page template ``report.html``)."""
