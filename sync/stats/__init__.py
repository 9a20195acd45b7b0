"""Reach statistics shared by the desktop and the central, without Qt.

- :mod:`sync.stats.protocol`: the statistics queries and tables on the wire
- :mod:`sync.stats.client`: the desktop's client of the statistics API
- :mod:`sync.stats.labels`: names of codes, periods and notes in a reader's language
- :mod:`sync.stats.exports`: CSV and XLSX files of a table, with what it means
- :mod:`sync.stats.report_plan`: the tables the funder report needs
- :mod:`sync.stats.charts`, :mod:`sync.stats.report`, :mod:`sync.stats.report_text`: the funder
  report's charts and PDF, right-to-left languages included
"""
