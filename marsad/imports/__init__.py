"""Spreadsheet imports: upload checks, templates, dry runs and all-or-nothing applies.

An importer (see `spreadsheet.Importer`) declares its columns and how to write its rows;
this package does the rest the same way for every kind of import (progress reports
now; indicator values and projects later).
"""
