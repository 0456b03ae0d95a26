"""Importers from other formats (CRM exports, CSV folders, Excel) into the bundle, and exports.

An importer reads files into a ``Sourced``: a raw bundle plus, for every record, the file and
line it came from. The store then checks and writes that bundle exactly as it does a JSON one
(one transaction, all or nothing, partial records complete from the store), and any problem
the checks find is reported at the file line, not at a bundle position the user never saw.
"""
