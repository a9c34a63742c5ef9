"""One package per source, each with the same shape (see CONTRIBUTING.md, "Adding a source").

- ``__init__.py``: the registry entry, ``SOURCE = register(Source(...))``;
- ``fetch.py``: where the source fetches (URLs, pagination, conditional
  requests) through ``scrapers.http.HttpClient``, and ``scrape()``;
- ``parse.py``: pure ``parse_*`` functions from bytes to records and
  ``parse_file(path)``, which recognises every recorded format of the source;
- ``build.py`` (where a source has several formats): the record built once
  from what the formats share; further parse modules are named for the format
  they read (``billstatus.py``, ``daily_issue.py``, ``mirror.py``, ...).

Parsers import nothing of the Django app: vocabularies come from the
top-level ``vocabulary`` package, the shared parts from ``scrapers``.
"""
