"""OCR of evidence and scans.

Public entry points:
- ``ocr.evidence.read_evidence(path, settings, display_name=None) -> EvidenceResult``
- ``ocr.scan.ocr_document(path, settings) -> list[Paragraph]``

Modules, in pipeline order: ``images`` (open pages) → ``preprocess`` (size, light, skew) →
``tesseract`` (words) → ``words`` (lines) → ``number`` / ``blank`` / ``dateline`` (header) →
``signature`` / ``seal`` (signature block) → ``pdfsig`` (embedded digital signatures).
"""
