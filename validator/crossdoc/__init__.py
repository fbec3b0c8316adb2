"""Cross-document checks: a report against the school's own plan, evidence against what the
documents cite, and a report's figures against the same school's earlier reports.

One checker that reads one file at a time cannot see these; reviewers do them by hand with
two windows open. The pipeline reads the related documents (:mod:`.related`), pairs and
compares them here (:func:`.crosscheck.cross_check`), puts the pairing in the result JSON
(``crosscheck``) and the check types of :mod:`validator.checks.crossdoc` turn it into findings.
"""
