"""The central's statistics: rollups of events, tables answered from them with small counts
suppressed, exports, the funder report, and the audit log of raw-count requests."""
